namespace WebApp.Search;

public static class SearchServices
{
    public static IHostApplicationBuilder AddStoreSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<SearchOptions>(builder.Configuration.GetSection("Search"));
        builder.Services.AddSingleton<ProductFacts>();
        builder.Services.AddSingleton<FactScan>();
        builder.Services.AddSingleton<SearchCache>();
        builder.Services.AddSingleton<PhraseBitmaps>();
        builder.Services.AddSingleton<TermIndex>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TermIndex>());
        builder.Services.AddSingleton<SpellingVocabulary>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SpellingVocabulary>());
        builder.Services.AddScoped<FullTextIndex>();
        builder.Services.AddScoped<ProductSearch>();
        builder.Services.AddSingleton<SearchMissRecorder>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SearchMissRecorder>());
        return builder;
    }
}
