using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Catalog;

/// <summary>
/// Builds product tiles. What only an edit changes (name, slug, brand, rating) is remembered per product and
/// catalogue version; price and stock come from <see cref="ProductFacts"/>, which every published change keeps current
/// (<see cref="ICatalogChanges"/>). So a tile is never stale, and a cached search page renders without a database read.
/// <para>
/// Remembered in a fixed table with one slot per <c>id % slots</c>, a newer tile taking its slot from an older one,
/// rather than in a <c>MemoryCache</c>: under searches for ever new words the cache was over its limit after
/// every few pages, and each time it sorted all its entries to drop the least recently used (a list of 20,000 on the
/// large-object heap, some 30 times a second), besides an entry, an options object and a boxed key per tile. Ids are
/// handed out in sequence, so the slots fill evenly. A slot holds one immutable object, replaced whole, so a reader
/// on another thread sees the old tile or the new one, never half of each.
/// </para>
/// </summary>
public sealed class ProductCards(CatalogVersion version, ProductFacts facts, IOptions<SearchOptions> options)
{
    // 0 remembers nothing (every tile read from the database); one slot still exists so the lookups need no special case.
    private readonly bool _remember = options.Value.CardEntries > 0;
    private readonly Remembered?[] _remembered = new Remembered?[Math.Max(1, options.Value.CardEntries)];

    /// <summary>Cards for ids chosen by an index-only query or a search, in the order of <paramref name="ids"/>.</summary>
    public async Task<List<ProductCard>> LoadAsync(StoreDbContext db, IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        var current = version.Current;
        var cards = new ProductCard?[ids.Count];
        List<int>? missing = null;
        for (var i = 0; i < ids.Count; i++)
        {
            if (Volatile.Read(ref _remembered[Slot(ids[i])]) is { } known && known.Card.Id == ids[i] && known.Version == current) cards[i] = known.Card;
            else (missing ??= []).Add(ids[i]);
        }
        if (missing is not null)
        {
            var read = (await ReadAsync(db, missing, ct)).ToDictionary(c => c.Id);
            for (var i = 0; i < ids.Count; i++)
            {
                if (cards[i] is not null || !read.TryGetValue(ids[i], out var card)) continue;
                if (_remember) Volatile.Write(ref _remembered[Slot(card.Id)], new Remembered(current, card));
                cards[i] = card;
            }
        }
        var list = new List<ProductCard>(ids.Count);
        foreach (var card in cards)
        {
            if (card is null) continue;   // gone since the search was answered
            list.Add(facts.TryGet(card.Id, out var fact) ? card with { PriceCents = fact.PriceCents, Stock = fact.Stock } : card);
        }
        return list;
    }

    private int Slot(int id) => (int)((uint)id % (uint)_remembered.Length);

    private sealed record Remembered(long Version, ProductCard Card);

    private static async Task<List<ProductCard>> ReadAsync(StoreDbContext db, List<int> ids, CancellationToken ct)
    {
        // Plain ADO.NET: the IN list differs on every page, and through EF each new SQL text would be a new query to
        // compile. Ids are integers from our own queries, so writing them into the SQL is safe. A connection of its own
        // from the provider's pool: opening the context's registers EF's SQL functions (a dozen native calls, and
        // handles for the finalizer) and closing it removes them, on every search page that shows a product not seen lately.
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        SqlitePragmas.Apply(connection);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"""
            SELECT p.Id, p.Name, p.Slug, b.Name, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt,
                (SELECT ph.FileName FROM ProductPhotos ph WHERE ph.ProductId = p.Id AND ph.IsPrimary = 1 LIMIT 1)
            FROM Products p JOIN Brands b ON b.Id = p.BrandId WHERE p.Id IN ({string.Join(',', ids)})
            """;
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var cards = new List<ProductCard>(ids.Count);
        while (await reader.ReadAsync(ct))
        {
            // Brand names repeat across thousands of remembered tiles: one string each.
            cards.Add(new ProductCard(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), string.Intern(reader.GetString(3)), reader.GetInt64(4),
                reader.GetInt32(5), reader.GetDouble(6), reader.GetInt32(7), reader.GetDateTime(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return cards;
    }

}
