namespace WebApp.Catalog;

/// <summary>What a product tile in a grid shows: home, category, search and product pages share it.</summary>
public sealed record ProductCard(int Id, string Name, string Slug, string BrandName, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime UpdatedAt)
{
    public string Url => Product.UrlFor(Id, Slug);
    public string ImageUrl => ProductImage.UrlFor(Id, UpdatedAt);
}
