namespace WebApp.Catalog;

/// <summary>What a product tile in a grid shows: home, category, search and product pages share it.</summary>
public sealed record ProductCard(int Id, string Name, string Slug, string BrandName, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime UpdatedAt, string? PhotoFile = null)
{
    public string Url => Product.UrlFor(Id, Slug);
    /// <summary>The primary uploaded photo, or the drawn placeholder when there is none.</summary>
    public string ImageUrl => ImageUrlFor(Id, UpdatedAt, PhotoFile);

    /// <summary>The one rule for a product's picture wherever it shows (tiles, product page, cart lines).</summary>
    public static string ImageUrlFor(int id, DateTime updatedAt, string? photoFile) =>
        photoFile is null ? ProductImage.UrlFor(id, updatedAt) : MediaFiles.UrlFor(photoFile);
}
