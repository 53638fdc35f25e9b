using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// Each listing's products (a category page's: its category's and those below it) kept sorted in every browse order,
/// so a category page past the first few is read off them: page 3,000 of a department is a slice, never a sort.
/// <para>
/// Why: a page past the third was ranked by a scan of the whole listing, keeping its best <c>page x 24</c> keys, and past
/// page 50 by sorting every id of it (a department's 125,000 at 1M: ~10 ms) into an answer the size-limited answer
/// cache then held; a crawler or a shopper going deep into every department and sort pushed those answers out of
/// each other's way, and every deep page was the sort again (perf under 32 connections: 24% of the store's CPU in
/// the sort, ~210 deep pages a second, p99 330 ms). Now the facet counts, the same for every page and sort of a
/// filter, are one cached answer, and the page is read here.
/// </para>
/// <para>
/// A list is sorted on first use, and again on first use after <see cref="ProductFacts.OrderStamp"/> says something it
/// sorts by changed in one of its categories (a sale changes stock only, so it does not). 4 bytes a product per order
/// kept, three orders (price high-to-low is low-to-high read backwards): 12 MB at 1M for every department in every
/// order, as much again for every leaf category, five times that at 5M, so the lists together hold at most
/// <c>Search:ListingOrderIds</c> (the one read longest ago is dropped, and sorted again if asked for). Filters are applied by reading down the list. A first try merged
/// each category's own list while walking; the merge read a product's facts per step, a likely cache miss each, and
/// that was 64% of the store's CPU on deep department pages (465 a second).
/// </para>
/// </summary>
public sealed class ListingOrders(ProductFacts facts, IOptions<SearchOptions> options)
{
    private readonly ConcurrentDictionary<(int Category, RankOrder Order), Sorted> _sorted = new();

    private sealed class Sorted(long stamp, int[] ids)
    {
        public long Stamp { get; } = stamp;
        public int[] Ids { get; } = ids;

        // When it was last read (Environment.TickCount64): the one read longest ago goes first past the budget.
        public long Used = Environment.TickCount64;
    }

    private long _heldIds;
    private readonly Lock _trimming = new();

    /// <summary>
    /// The ids of the products ranked <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> in
    /// the request's sort among those of <paramref name="filter"/>'s scope and below it that pass its filters: the
    /// same products, in the same order, as <see cref="FactScan"/> ranks (<see cref="RankKey"/>).
    /// </summary>
    internal List<int> Page(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, int skip, int take)
    {
        var order = RankKey.OrderOf(request.Sort);
        var page = new List<int>(Math.Max(0, take));
        if (filter.Scope is not { } scope || take <= 0) return page;
        skip = Math.Max(0, skip);
        var kept = order switch
        {
            RankOrder.PriceAscending or RankOrder.PriceDescending => RankOrder.PriceAscending,
            RankOrder.Newest => RankOrder.Newest,
            // A browse has no words: relevance ranks by popularity alone, which is what rating does.
            _ => RankOrder.Rating,
        };
        var backwards = order == RankOrder.PriceDescending;
        var (all, active) = facts.Snapshot();
        var n = Math.Min(all.Length, active.Length);
        var list = ListOf(scope, kept);
        var filtered = filter.CategoryIds is not null || filter.BrandIds is not null || filter.Min is not null || filter.Max is not null || filter.InStock;
        var match = new ScanPass(request, filter, categories, facts.MaxBrandId, relevance: null);

        // Unfiltered, the page starts at its own position (the list is rebuilt after any product leaves it); filtered,
        // every product before it is read to know which pass.
        var passed = 0;
        for (var i = filtered ? 0 : skip; i < list.Length && page.Count < take; i++)
        {
            var id = list[backwards ? list.Length - 1 - i : i];
            if ((uint)id >= (uint)n || !active[id] || (filtered && !match.Passes(all[id]))) continue;
            if (!filtered || passed++ >= skip) page.Add(id);
        }
        return page;
    }

    // A listing's products (its category's and those below it) in an order, sorted now if the kept list is older than
    // the latest change to any of those categories.
    private int[] ListOf(CategoryNode scope, RankOrder order)
    {
        var categories = scope.SelfAndDescendants().Select(c => c.Id).ToList();
        // The stamp before the ids: a change in between leaves the list marked older than what it was built from, so
        // it is only built again, never kept stale.
        var stamp = facts.OrderStamp(categories);
        if (_sorted.TryGetValue((scope.Id, order), out var sorted) && sorted.Stamp == stamp)
        {
            sorted.Used = Environment.TickCount64;
            return sorted.Ids;
        }
        // One sort per list at a time: after a review or a price change, every request for a deep page of that
        // department arrives needing the same sort (~10 ms for 125,000 products); the rest wait for it and take its list.
        lock (_building.GetOrAdd((scope.Id, order), _ => new Lock()))
        {
            stamp = facts.OrderStamp(categories);
            if (_sorted.TryGetValue((scope.Id, order), out sorted) && sorted.Stamp >= stamp) return sorted.Ids;
            return Build(scope, order, categories, stamp);
        }
    }

    private readonly ConcurrentDictionary<(int Category, RankOrder Order), Lock> _building = new();

    private int[] Build(CategoryNode scope, RankOrder order, List<int> categories, long stamp)
    {
        var byCategory = facts.IdsByCategory();
        var ids = categories.SelectMany(c => byCategory.GetValueOrDefault(c) ?? []).ToArray();
        var all = facts.Snapshot().Facts;
        var keys = new ulong[ids.Length];
        for (var i = 0; i < ids.Length; i++) keys[i] = (uint)ids[i] < (uint)all.Length ? KeyOf(order, ids[i], all[ids[i]]) : ulong.MaxValue;
        Array.Sort(keys, ids);
        var kept = new Sorted(stamp, ids);
        Interlocked.Add(ref _heldIds, ids.Length);
        _sorted.AddOrUpdate((scope.Id, order), kept, (_, replaced) =>
        {
            Interlocked.Add(ref _heldIds, -replaced.Ids.Length);
            return kept;
        });
        Trim(kept);
        return ids;
    }

    /// <summary>
    /// A product's place in one of the kept orders as one number, smallest first, ordered exactly as
    /// <see cref="RankKey"/> orders (the id is the last tie-break in both, so no two products share a key).
    /// </summary>
    internal static ulong KeyOf(RankOrder order, int id, in ProductFact f)
    {
        var last = (uint)id;
        return order switch
        {
            // Cheapest first, then the smaller id.
            RankOrder.PriceAscending => (ulong)(uint)f.PriceCents << 32 | last,
            // Newest first, then the larger id.
            RankOrder.Newest => ~((ulong)f.CreatedSeconds << 32 | last),
            // Best weighted rating first, then the most ratings, then the larger id: 13 bits of the score (0-5000), 20
            // of count (a count past a million ties with it), 31 of id.
            _ => ~((ulong)Math.Clamp(f.RatingScore, 0, (1 << 13) - 1) << 51 | (ulong)Math.Clamp(f.RatingCount, 0, (1 << 20) - 1) << 31 | (last & int.MaxValue)),
        };
    }

    // Past Search:ListingOrderIds, the lists read longest ago are dropped (never the one just built, which a request is
    // about to read); a dropped list is sorted again when next asked for.
    private void Trim(Sorted keep)
    {
        var budget = Math.Max(1, options.Value.ListingOrderIds);
        if (Interlocked.Read(ref _heldIds) <= budget) return;
        lock (_trimming)
        {
            foreach (var (key, list) in _sorted.Where(kv => kv.Value != keep).OrderBy(kv => kv.Value.Used).ToList())
            {
                if (Interlocked.Read(ref _heldIds) <= budget) break;
                if (_sorted.TryRemove(new KeyValuePair<(int, RankOrder), Sorted>(key, list))) Interlocked.Add(ref _heldIds, -list.Ids.Length);
            }
        }
    }

    /// <summary>Lists kept now, and the ids they hold (for tests and the dashboard's memory figures).</summary>
    public (int Lists, long Ids) Held => (_sorted.Count, Interlocked.Read(ref _heldIds));
}
