namespace WebApp.Catalog;

public static class CatalogServices
{
    /// <summary>The catalogue's in-memory copies and the one way to tell them it changed.</summary>
    public static IHostApplicationBuilder AddStoreCatalog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CatalogVersion>();
        builder.Services.AddSingleton<CategoryTree>();
        builder.Services.AddSingleton<ProductCards>();
        builder.Services.AddSingleton<ICatalogChanges, InProcessCatalogChanges>();
        builder.Services.AddSingleton<CatalogChangeInterceptor>();
        builder.Services.AddSingleton<MediaFiles>();
        builder.Services.AddScoped<ProductPhotos>();
        return builder;
    }
}
