using System.Collections.Concurrent;
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
/// Remembered in a fixed table rather than in a <c>MemoryCache</c>: under searches for ever new words the cache was
/// over its limit after every few pages, and each time it sorted all its entries to drop the least recently used (a
/// list of 20,000 on the large-object heap, some 30 times a second), besides an entry, an options object and a boxed
/// key per tile. Each id has two slots (<c>id % slots</c>, and a second from a multiplicative hash): a new tile takes
/// a free or stale one, else the one shown less recently. With a single slot, two busy products sharing it took it
/// from each other on every page that showed them: 144 tiles (six searches) in 20,000 slots share one about every
/// other start, and a trace of those six searches under load spent 46% of their handler reading tiles again. A slot
/// holds one object whose tile is never changed, replaced whole, so a reader on another thread sees the old tile or
/// the new one, never half of each.
/// </para>
/// </summary>
public sealed class ProductCards(CatalogVersion version, ProductFacts facts, IOptions<SearchOptions> options) : IDisposable
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
        var now = Environment.TickCount64;
        for (var i = 0; i < ids.Count; i++)
        {
            if (Find(ids[i], current) is { } known)
            {
                known.ShownAt = now;
                cards[i] = known.Card;
            }
            else (missing ??= []).Add(ids[i]);
        }
        if (missing is not null)
        {
            Interlocked.Increment(ref _reads);
            var read = (await ReadAsync(db, missing, ct)).ToDictionary(c => c.Id);
            for (var i = 0; i < ids.Count; i++)
            {
                if (cards[i] is not null || !read.TryGetValue(ids[i], out var card)) continue;
                if (_remember) Remember(new Remembered(current, card) { ShownAt = now });
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

    private long _reads;

    /// <summary>Loads that read the database (any tile not remembered), for tests.</summary>
    internal long Reads => Interlocked.Read(ref _reads);

    private Remembered? Find(int id, long version)
    {
        var (first, second) = Slots(id);
        if (Volatile.Read(ref _remembered[first]) is { } a && a.Card.Id == id && a.Version == version) return a;
        if (Volatile.Read(ref _remembered[second]) is { } b && b.Card.Id == id && b.Version == version) return b;
        return null;
    }

    private void Remember(Remembered tile)
    {
        var (first, second) = Slots(tile.Card.Id);
        var a = Volatile.Read(ref _remembered[first]);
        var b = Volatile.Read(ref _remembered[second]);
        // Its own old tile, a free or stale slot, else whichever was shown less recently.
        var slot = a is null || a.Card.Id == tile.Card.Id || a.Version != tile.Version ? first
            : b is null || b.Card.Id == tile.Card.Id || b.Version != tile.Version ? second
            : a.ShownAt <= b.ShownAt ? first : second;
        Volatile.Write(ref _remembered[slot], tile);
        // The id's other slot may still hold an older tile of it, never found again once this one is first; left to be taken.
    }

    private (int First, int Second) Slots(int id)
    {
        var length = (uint)_remembered.Length;
        return ((int)((uint)id % length), (int)((uint)id * 2654435761u % length));
    }

    // ShownAt is written by whichever request showed the tile last, without a lock: a lost write only makes the choice
    // of which tile to replace a little less well informed.
    private sealed class Remembered(long version, ProductCard card)
    {
        public long Version { get; } = version;
        public ProductCard Card { get; } = card;
        public long ShownAt { get; set; }
    }

    // Tiles are read by one prepared query for up to this many ids (a page of 24 is one run): a new SQL text per page
    // was parsed and planned each time, a third of the read's cost at 1M products (0.31 -> 0.21 ms of CPU for 24 random
    // rows, measured outside the store).
    private const int ReadBatch = 24;
    private const string TileSql = """
        SELECT p.Id, p.Name, p.Slug, b.Name, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt,
            (SELECT ph.FileName FROM ProductPhotos ph WHERE ph.ProductId = p.Id AND ph.IsPrimary = 1 LIMIT 1)
        FROM Products p JOIN Brands b ON b.Id = p.BrandId WHERE p.Id IN
        """;

    // Connections of this table's own, each holding the prepared query; as many as read at once, up to KeptQueries.
    private readonly ConcurrentStack<TileQuery> _queries = new();
    private const int KeptQueries = 4;

    private async Task<List<ProductCard>> ReadAsync(StoreDbContext db, List<int> ids, CancellationToken ct)
    {
        if (!_queries.TryPop(out var query)) query = await TileQuery.OpenAsync(db.Database.GetConnectionString()!, ct);
        var keep = false;
        try
        {
            var cards = new List<ProductCard>(ids.Count);
            for (var from = 0; from < ids.Count; from += ReadBatch) query.Read(ids, from, cards);
            keep = true;
            return cards;
        }
        finally
        {
            if (keep && _queries.Count < KeptQueries && !_disposed) _queries.Push(query);
            else query.Dispose();
        }
    }

    private volatile bool _disposed;

    public void Dispose()
    {
        _disposed = true;
        while (_queries.TryPop(out var query)) query.Dispose();
    }

    private sealed class TileQuery : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _ids;

        private TileQuery(SqliteConnection connection)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.CommandText = $"{TileSql} ({string.Join(',', Enumerable.Range(0, ReadBatch).Select(i => "$id" + i))})";
            _ids = [.. Enumerable.Range(0, ReadBatch).Select(i => _command.Parameters.Add("$id" + i, SqliteType.Integer))];
            _command.Prepare();
        }

        // Plain ADO.NET on a connection of its own, not the context's: opening the context's registers EF's SQL functions
        // (a dozen native calls, and handles for the finalizer) and closing it removes them.
        public static async Task<TileQuery> OpenAsync(string connectionString, CancellationToken ct)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(ct);
                SqlitePragmas.Apply(connection);
                return new TileQuery(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        /// <summary>The tiles of up to <see cref="ReadBatch"/> ids from <paramref name="from"/>; ids past the end are 0, which no product has.</summary>
        public void Read(List<int> ids, int from, List<ProductCard> cards)
        {
            for (var i = 0; i < ReadBatch; i++) _ids[i].Value = from + i < ids.Count ? ids[from + i] : 0;
            using var reader = _command.ExecuteReader();
            while (reader.Read())
            {
                // Brand names repeat across thousands of remembered tiles: one string each.
                cards.Add(new ProductCard(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), string.Intern(reader.GetString(3)), reader.GetInt64(4),
                    reader.GetInt32(5), reader.GetDouble(6), reader.GetInt32(7), reader.GetDateTime(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            }
        }

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
    }
}
