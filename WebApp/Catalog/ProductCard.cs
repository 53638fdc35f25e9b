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
        // Plain ADO.NET: the IN list differs on every page, and through EF each new SQL text would be a new query to
        // compile (~8 ms). Ids are integers from our own queries, so writing them into the SQL is safe.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var cards = new Dictionary<int, ProductCard>(ids.Count);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT p.Id, p.Name, p.Slug, b.Name, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt
                FROM Products p JOIN Brands b ON b.Id = p.BrandId WHERE p.Id IN ({string.Join(',', ids)})
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var card = new ProductCard(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    reader.GetInt32(5), reader.GetDouble(6), reader.GetInt32(7), reader.GetDateTime(8));
                cards[card.Id] = card;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return [.. ids.Where(cards.ContainsKey).Select(id => cards[id])];
    }
}
