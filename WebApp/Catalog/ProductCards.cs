using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Catalog;

/// <summary>
/// Builds product tiles. What only an edit changes (name, slug, brand, rating) is remembered per product and
/// catalogue version; price and stock come from <see cref="ProductFacts"/>, which every published change keeps current
/// (<see cref="ICatalogChanges"/>). So a tile is never stale, and a cached search page renders without a database read.
/// </summary>
public sealed class ProductCards(CatalogVersion version, ProductFacts facts, IOptions<SearchOptions> options) : IDisposable
{
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = options.Value.CardEntries });

    /// <summary>Cards for ids chosen by an index-only query or a search, in the order of <paramref name="ids"/>.</summary>
    public async Task<List<ProductCard>> LoadAsync(StoreDbContext db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var current = version.Current;
        var cards = new Dictionary<int, ProductCard>(ids.Count);
        List<int>? missing = null;
        foreach (var id in ids)
        {
            if (_remembered.TryGetValue(id, out Remembered? known) && known!.Version == current) cards[id] = known.Card;
            else (missing ??= []).Add(id);
        }
        if (missing is not null)
        {
            foreach (var card in await ReadAsync(db, missing, ct))
            {
                _remembered.Set(card.Id, new Remembered(current, card), new MemoryCacheEntryOptions { Size = 1 });
                cards[card.Id] = card;
            }
        }
        var list = new List<ProductCard>(ids.Count);
        foreach (var id in ids)
        {
            if (!cards.TryGetValue(id, out var card)) continue;
            list.Add(facts.TryGet(id, out var fact) ? card with { PriceCents = fact.PriceCents, Stock = fact.Stock } : card);
        }
        return list;
    }

    private sealed record Remembered(long Version, ProductCard Card);

    private static async Task<List<ProductCard>> ReadAsync(StoreDbContext db, List<int> ids, CancellationToken ct)
    {
        // Plain ADO.NET: the IN list differs on every page, and through EF each new SQL text would be a new query to
        // compile. Ids are integers from our own queries, so writing them into the SQL is safe.
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        var cards = new List<ProductCard>(ids.Count);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT p.Id, p.Name, p.Slug, b.Name, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt,
                    (SELECT ph.FileName FROM ProductPhotos ph WHERE ph.ProductId = p.Id AND ph.IsPrimary = 1 LIMIT 1)
                FROM Products p JOIN Brands b ON b.Id = p.BrandId WHERE p.Id IN ({string.Join(',', ids)})
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                // Brand names repeat across thousands of remembered tiles: one string each.
                cards.Add(new ProductCard(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), string.Intern(reader.GetString(3)), reader.GetInt64(4),
                    reader.GetInt32(5), reader.GetDouble(6), reader.GetInt32(7), reader.GetDateTime(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return cards;
    }

    public void Dispose() => _remembered.Dispose();
}
