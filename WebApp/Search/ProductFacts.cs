using System.Data.Common;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// Every active product's filterable numbers, in memory, indexed by id (32 bytes a product: 32 MB at 1M).
/// FTS5 answers "which products match" cheaply; what is expensive in SQL is what comes next, a random row read per
/// match to filter, count facets and sort. Here that is an array lookup, so a search over 50,000 matches filters,
/// counts and sorts without touching the database. Loaded at startup, then kept current by <see cref="ICatalogChanges"/> alone.
/// </summary>
public sealed class ProductFacts
{
    private readonly Lock _write = new();
    // Bumped only when a product joins, leaves or moves between categories: a price or stock change (every order)
    // leaves the per-category id lists as they are, so a department page does not rebuild them after each sale.
    private long _changes;
    private volatile CategoryIndex? _byCategory;

    private sealed record CategoryIndex(long Changes, Dictionary<int, int[]> Ids);

    // Per category a product is placed in, the stamp of the last change to which of its products are active or what
    // they cost (under _write); categories never changed since the load share _loadStamp. Stamps only grow, so a
    // category's sorted prices are current exactly when built at its current stamp.
    private readonly Dictionary<int, long> _priceStamps = [];
    private long _loadStamp;
    private long _lastStamp;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, SortedPrices> _sortedPrices = new();

    private sealed record SortedPrices(long Stamp, int[] Prices);

    // Per category, the stamp of the last change to anything a browse sorts its products by (which are active, price,
    // rating, creation time): what <see cref="ListingOrders"/> keeps its sorted lists current by. Same clock as prices.
    private readonly Dictionary<int, long> _orderStamps = [];
    private ProductFact[] _facts = [];
    private bool[] _active = [];

    public int Count { get; private set; }

    /// <summary>Every product's name as words, for relevance (<see cref="FieldRanking"/>); loaded and kept current with the facts.</summary>
    public NameWords Names { get; } = new();

    /// <summary>The largest brand id seen, so facet counters can be flat arrays.</summary>
    public int MaxBrandId { get; private set; }

    /// <summary>The arrays as they are now, for scanning every product without a call per product.</summary>
    public (ProductFact[] Facts, bool[] Active) Snapshot()
    {
        lock (_write) return (_facts, _active);
    }

    /// <summary>
    /// Active product ids per category they are placed in, newest first, so a browse of one category scans only its
    /// products; a department's browse takes its categories' lists together (<see cref="CountIn"/>). No list per
    /// department: it would hold every product a second time (4 MB at 1M) to save a copy of 80,000 ids (~30 us) on a
    /// browse whose answer is then cached. Rebuilt on first use after a product is added, removed, (de)activated or
    /// moved to another category.
    /// </summary>
    public Dictionary<int, int[]> IdsByCategory()
    {
        long changes;
        lock (_write) changes = _changes;
        if (_byCategory is { } index && index.Changes == changes) return index.Ids;

        var (all, active) = Snapshot();
        var ids = new Dictionary<int, List<int>>();
        for (var id = Math.Min(all.Length, active.Length) - 1; id >= 0; id--)
        {
            if (!active[id]) continue;
            ref readonly var f = ref all[id];
            Add(f.CategoryId, id);
        }
        // Exact-size arrays: lists would keep up to twice the memory in slack, for the life of the index.
        var exact = ids.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
        _byCategory = new CategoryIndex(changes, exact);
        return exact;

        void Add(int category, int id)
        {
            if (!ids.TryGetValue(category, out var list)) ids[category] = list = [];
            list.Add(id);
        }
    }

    /// <summary>
    /// Into <paramref name="counts"/> (by category id), how many active products placed in each category cost from
    /// <paramref name="min"/> to <paramref name="max"/> cents, both included. A search-page browse of chosen categories
    /// shows every category's count with the price filter, and counting those with a pass over every product read all
    /// the facts (32 MB at 1M, 160 MB at 5M: 2-3 ms of a 1M browse, 12-15 ms at 5M); here it is two binary searches a
    /// category over its products' prices, sorted on first use after a change to that category's prices or products
    /// (4 bytes a product, built only once such a browse is asked for).
    /// </summary>
    public void CountPriced(long min, long max, int[] counts) => SortAndCount(min, max, counts);

    /// <summary>
    /// <see cref="CountPriced(long, long, int[])"/> once every category's prices have been sorted since the load; until
    /// then false, with the sorting started in the background. Sorting them all takes ~80 ms at 1M (~400 ms at 5M),
    /// which the first such browse after a start would otherwise wait for; the caller counts with a pass meanwhile.
    /// After that, a category whose prices change is sorted again by the next count, in about a millisecond.
    /// </summary>
    public bool TryCountPriced(long min, long max, int[] counts)
    {
        if (!_allSorted)
        {
            if (Interlocked.CompareExchange(ref _sortingAll, 1, 0) == 0)
            {
                var load = Volatile.Read(ref _loadStamp);
                _ = Task.Run(() =>
                {
                    try
                    {
                        SortAndCount(long.MinValue, long.MaxValue, null);
                        // Only if no load replaced every product meanwhile (then the next count starts it again).
                        lock (_write) if (_loadStamp == load) _allSorted = true;
                    }
                    finally
                    {
                        Volatile.Write(ref _sortingAll, 0);
                    }
                });
            }
            return false;
        }
        SortAndCount(min, max, counts);
        return true;
    }

    /// <summary>Whether every category's prices have been sorted since the load (for tests).</summary>
    internal bool AllPricesSorted => _allSorted;

    private volatile bool _allSorted;
    private int _sortingAll;

    // Without counts: only sorts what is not current.
    private void SortAndCount(long min, long max, int[]? counts)
    {
        // Stamps first, then the lists: a change in between leaves prices marked older than what they were built
        // from, so they are only built again, never kept stale.
        Dictionary<int, long> stamps;
        long loadStamp;
        lock (_write) (stamps, loadStamp) = (new Dictionary<int, long>(_priceStamps), _loadStamp);
        var byCategory = IdsByCategory();
        var facts = Snapshot().Facts;
        foreach (var (category, ids) in byCategory)
        {
            if (counts is not null && (uint)category >= (uint)counts.Length) continue;
            var stamp = stamps.GetValueOrDefault(category, loadStamp);
            if (!_sortedPrices.TryGetValue(category, out var sorted) || sorted.Stamp != stamp)
            {
                var prices = new int[ids.Length];
                for (var i = 0; i < ids.Length; i++) prices[i] = (uint)ids[i] < (uint)facts.Length ? facts[ids[i]].PriceCents : 0;
                Array.Sort(prices);
                _sortedPrices[category] = sorted = new SortedPrices(stamp, prices);
            }
            if (counts is not null) counts[category] = AtMost(sorted.Prices, max) - (min > long.MinValue ? AtMost(sorted.Prices, min - 1) : 0);
        }
    }

    // How many of the sorted prices are at or below the value.
    private static int AtMost(int[] sorted, long value)
    {
        if (value >= int.MaxValue) return sorted.Length;
        if (value < int.MinValue) return 0;
        var (lo, hi) = (0, sorted.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void PricesChangedLocked(int category) => _priceStamps[category] = ++_lastStamp;

    private void OrderChangedLocked(int category) => _orderStamps[category] = ++_lastStamp;

    /// <summary>
    /// The stamp of the last change to what the products of <paramref name="categories"/> are sorted by: a list sorted
    /// at this stamp is current (stamps only grow, so the latest of them is the one to compare).
    /// </summary>
    public long OrderStamp(IEnumerable<int> categories)
    {
        lock (_write) return categories.Select(c => _orderStamps.GetValueOrDefault(c, _loadStamp)).DefaultIfEmpty(_loadStamp).Max();
    }

    /// <summary>How many active products are in <paramref name="node"/> or below it.</summary>
    public int CountIn(CategoryNode node)
    {
        var byCategory = IdsByCategory();
        return node.SelfAndDescendants().Sum(c => byCategory.GetValueOrDefault(c.Id)?.Length ?? 0);
    }

    public bool TryGet(int id, out ProductFact fact)
    {
        var active = _active;
        var facts = _facts;
        if ((uint)id < (uint)active.Length && (uint)id < (uint)facts.Length && active[id])
        {
            fact = facts[id];
            return true;
        }
        fact = default;
        return false;
    }

    /// <summary>Reads every active product, once, at startup.</summary>
    public async Task LoadAsync(DbConnection connection, CancellationToken ct = default)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(Id), 0) FROM Products";
        var max = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        var facts = new ProductFact[max + 1];
        var active = new bool[max + 1];
        var count = 0;
        var maxBrand = 0;
        cmd.CommandText = $"SELECT {Columns}, Name FROM Products WHERE IsActive = 1 ORDER BY Id";
        var names = Names.Load(max);
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetInt32(0);
                facts[id] = Read(reader);
                names.Add(id, reader.GetString(9));
                active[id] = true;
                maxBrand = Math.Max(maxBrand, facts[id].BrandId);
                count++;
            }
        }
        names.Complete();
        lock (_write)
        {
            (_facts, _active, Count, MaxBrandId) = (facts, active, count, maxBrand);
            _changes++;
            _priceStamps.Clear();
            _orderStamps.Clear();
            _loadStamp = ++_lastStamp;
            _allSorted = false;
        }
    }

    // Dates as numbers: parsing a million date strings in .NET is slow at startup; SQLite's unixepoch() is far cheaper.
    private const string Columns = "Id, CategoryId, DepartmentId, BrandId, PriceCents, Stock, RatingAverage, RatingCount, unixepoch(CreatedAt, 'subsec')";

    private static ProductFact Read(DbDataReader reader) =>
        new(reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), ProductFact.Price(reader.GetInt64(4)), reader.GetInt32(5),
            ProductFact.Score(reader.GetDouble(6), reader.GetInt32(7)), reader.GetInt32(7), ProductFact.Seconds((long)(reader.GetDouble(8) * TimeSpan.TicksPerSecond)));

    public void Apply(Product product)
    {
        Names.Set(product.Id, product.Name);
        Set(product.Id, ProductFact.Of(product), product.IsActive);
    }

    public void Remove(int id)
    {
        lock (_write)
        {
            if ((uint)id < (uint)_active.Length && _active[id])
            {
                _active[id] = false;
                Count--;
                _changes++;
                PricesChangedLocked(_facts[id].CategoryId);
                OrderChangedLocked(_facts[id].CategoryId);
            }
        }
    }

    /// <summary>Re-reads some products after a write that bypassed EF change tracking (a stock decrement, a set-based edit).</summary>
    public async Task RefreshAsync(DbConnection connection, IReadOnlyCollection<int> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT {Columns}, IsActive, Name FROM Products WHERE Id IN ({string.Join(',', ids)})";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt32(0);
            Names.Set(id, reader.GetString(10));
            Set(id, Read(reader), reader.GetBoolean(9));
        }
    }

    private void Set(int id, ProductFact fact, bool isActive)
    {
        lock (_write)
        {
            Grow(id);
            MaxBrandId = Math.Max(MaxBrandId, fact.BrandId);
            var wasActive = _active[id];
            var before = _facts[id];
            _facts[id] = fact;
            _active[id] = isActive;
            Count += (isActive ? 1 : 0) - (wasActive ? 1 : 0);
            if (wasActive != isActive || (isActive && (before.CategoryId != fact.CategoryId || before.DepartmentId != fact.DepartmentId))) _changes++;
            if (wasActive != isActive || before.CategoryId != fact.CategoryId || before.PriceCents != fact.PriceCents)
            {
                PricesChangedLocked(before.CategoryId);
                PricesChangedLocked(fact.CategoryId);
            }
            if (wasActive != isActive || before.CategoryId != fact.CategoryId || before.PriceCents != fact.PriceCents || before.RatingScore != fact.RatingScore
                || before.RatingCount != fact.RatingCount || before.CreatedSeconds != fact.CreatedSeconds)
            {
                OrderChangedLocked(before.CategoryId);
                OrderChangedLocked(fact.CategoryId);
            }
        }
    }

    // Readers hold the old arrays while a grow copies; both stay valid, so reads never lock.
    private void Grow(int id)
    {
        if (id < _active.Length) return;
        var size = Math.Max(id + 1, _active.Length + _active.Length / 4 + 16);
        var facts = new ProductFact[size];
        var active = new bool[size];
        Array.Copy(_facts, facts, _facts.Length);
        Array.Copy(_active, active, _active.Length);
        _facts = facts;
        _active = active;
    }
}
