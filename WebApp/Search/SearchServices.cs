namespace WebApp.Search;

public static class SearchServices
{
    public static IHostApplicationBuilder AddStoreSearch(this IHostApplicationBuilder builder)
    {
        // A negative size would start a store whose every search fails (the cache refuses it); 0 turns a cache off.
        builder.Services.AddOptions<SearchOptions>().Bind(builder.Configuration.GetSection("Search"))
            .Validate(o => o.CacheMegabytes >= 0, "Search:CacheMegabytes must be 0 or more (0 caches no answers).")
            .Validate(o => o.MatchCacheMegabytes >= 0, "Search:MatchCacheMegabytes must be 0 or more (0 caches no match lists).")
            .Validate(o => o.BitmapMegabytes >= 0, "Search:BitmapMegabytes must be 0 or more (0 keeps no bitmaps).")
            .Validate(o => o.BitmapPrefixes >= 0, "Search:BitmapPrefixes must be 0 or more (0 keeps no prefix bitmaps).")
            .Validate(o => o.BitmapWords >= 0, "Search:BitmapWords must be 0 or more (0 keeps no word bitmaps).")
            .Validate(o => o.WordListMegabytes >= 0, "Search:WordListMegabytes must be 0 or more (0 keeps no word lists).")
            .Validate(o => o.ListingOrderIds >= 1, "Search:ListingOrderIds must be 1 or more (a category page past page 3 needs its list).")
            .Validate(o => o.CardEntries is >= 0 and <= 1_000_000, "Search:CardEntries must be from 0 to 1,000,000 (a slot each, allocated at start).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProductFacts>();
        builder.Services.AddSingleton<FactScan>();
        builder.Services.AddSingleton<ListingOrders>();
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
