using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>What a product tile in a grid shows: home, category and (later) search pages share it.</summary>
public sealed record ProductCard(int Id, string Name, string Slug, string BrandName, long PriceCents, int Stock,
    double RatingAverage, int RatingCount, DateTime UpdatedAt)
{
    public string Url => $"/products/{Id}/{Slug}";
    public string ImageUrl => ProductImage.UrlFor(Id, UpdatedAt);

    /// <summary>Loads cards for ids chosen by an index-only query, keeping the order of <paramref name="ids"/>.</summary>
    public static async Task<List<ProductCard>> LoadAsync(StoreDbContext db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var cards = await db.Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .Select(p => new ProductCard(p.Id, p.Name, p.Slug, p.Brand!.Name, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt))
            .ToDictionaryAsync(c => c.Id, ct);
        return [.. ids.Where(cards.ContainsKey).Select(id => cards[id])];
    }
}
