namespace WebApp.Catalog;

/// <summary>What a product tile in a grid shows: home, category, search and product pages share it.</summary>
public sealed record ProductCard(int Id, string Name, string Slug, string BrandName, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime UpdatedAt, string? PhotoFile = null)
{
    public string Url => Product.UrlFor(Id, Slug);
    /// <summary>The primary uploaded photo, or the drawn placeholder when there is none.</summary>
    public string ImageUrl => PhotoFile is null ? ProductImage.UrlFor(Id, UpdatedAt) : MediaFiles.UrlFor(PhotoFile);
}
