namespace WebApp.Catalog;

public sealed class Product
{
    /// <summary>A product page's address; without the slug it redirects to the one with it.</summary>
    public static string UrlFor(int id, string? slug = null) => slug is null ? $"/products/{id}" : $"/products/{id}/{slug}";

    public int Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public required string Description { get; set; }

    /// <summary>Price in minor units (cents). Integer so range filters and sorting use an index; format with <see cref="Money"/>.</summary>
    public long PriceCents { get; set; }
    public int Stock { get; set; }
    public double RatingAverage { get; set; }
    public int RatingCount { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// Raised by every admin save and checked by it (SQLite has no row version): two admins editing the same product,
    /// the second save finds the version moved and gets a conflict instead of overwriting the first.
    /// </summary>
    [System.ComponentModel.DataAnnotations.ConcurrencyCheck]
    public int Version { get; set; }

    public int BrandId { get; set; }
    public Brand? Brand { get; set; }

    /// <summary>The leaf category the product is filed under.</summary>
    public int CategoryId { get; set; }
    public Category? Category { get; set; }

    /// <summary>
    /// The top-level ancestor of <see cref="CategoryId"/>, denormalised so a department page of 100k products
    /// filters and sorts on one index instead of sorting an IN-list of subcategories.
    /// </summary>
    public int DepartmentId { get; set; }
}
