using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Full-text search over the catalogue. FTS5 lists the ids of matching products cheaply in rowid order, but ranking
/// all of them with bm25, or reading each matching row to filter and sort it, costs time in proportion to how many
/// match (a second for a word in half the catalogue). So:
/// <list type="bullet">
/// <item>FTS5 only says which products match: at most <see cref="MatchCap"/> ids, newest first ("10,000+ results").</item>
/// <item>Filters, facet counts and sorting use <see cref="ProductFacts"/>, in memory: no row reads.</item>
/// <item>Relevance: when at most <see cref="RankAll"/> products match, all are ranked by bm25 (name weighted above brand
/// and category, above description). Broader queries order name matches before other matches, each by popularity,
/// since bm25 would have to score every match to find the top 24.</item>
/// </list>
/// The answer (ids of one page, counts, facets) is cached by <see cref="SearchCache"/>.
/// </summary>
public sealed class ProductSearch(StoreDbContext db, CategoryTree tree, SearchCache cache, SearchMissRecorder misses, ProductFacts facts,
    Microsoft.Extensions.Options.IOptions<SearchOptions> options)
{
    public const int MatchCap = 10_000;
    public const int RankAll = 2_000;
    private const int MaxBrandFacets = 12;

    private const string Bm25 = "bm25(ProductSearch, 10.0, 4.0, 4.0, 1.0)";

    public static readonly IReadOnlyList<(string Key, string Label, long? Min, long? Max)> PriceBands =
    [
        ("0-25", "Under $25", null, 2_500),
        ("25-50", "$25 to $50", 2_500, 5_000),
        ("50-100", "$50 to $100", 5_000, 10_000),
        ("100-250", "$100 to $250", 10_000, 25_000),
        ("250-500", "$250 to $500", 25_000, 50_000),
        ("500-", "$500 and above", 50_000, null),
    ];

    public async Task<(SearchResult Result, bool CacheHit)> SearchAsync(SearchRequest request)
    {
        // The computation is shared by every identical request waiting on it, so one shopper closing the tab must not
        // cancel it for the others; it is bounded (tens of milliseconds) anyway.
        var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(request), () => ComputeAsync(request, CancellationToken.None), r => r.Kilobytes);
        if (!hit && result.Total == 0 && !request.Text.IsEmpty) misses.Record(request.Text.Normalized);
        return (result, hit);
    }

    private async Task<SearchResult> ComputeAsync(SearchRequest request, CancellationToken ct)
    {
        var categories = await tree.GetAsync();
        var filter = await FilterAsync(request, categories, ct);
        if (filter is null) return SearchResult.Empty;

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            // No words, only filters: every active product is a candidate, scanned in memory (exact counts at any depth).
            if (request.Text.IsEmpty)
            {
                var (browse, rented) = BrowseCandidates(filter);
                try
                {
                    return await AnswerAsync(request, filter, categories, browse, capped: false, relaxedTo: null, relevance: null);
                }
                finally
                {
                    if (rented is not null) s_candidatePool.Return(rented);
                }
            }

            // Every word (a long last word first as typed, then as a prefix); then any word; then any word as a prefix.
            // The first that finds something wins.
            var relevance = request.Sort == SearchRequest.Relevance;
            var mode = MatchMode.AllWords;
            string? match = null;
            var found = Matches.None;
            MatchMode[] modes = request.Text.TryWholeWordFirst
                ? [MatchMode.AllWordsExact, MatchMode.AllWords, MatchMode.AnyWord, MatchMode.AnyPrefix]
                : [MatchMode.AllWords, MatchMode.AnyWord, MatchMode.AnyPrefix];
            foreach (var candidate in modes)
            {
                var expression = request.Text.Match(candidate);
                if (expression is null || expression == match) continue;   // one word reads the same in two modes
                (match, mode) = (expression, candidate);
                var (scored, likelyFew) = (relevance, request.Text.SignificantTerms > 1);
                (found, _) = await cache.GetOrComputeAsync(cache.KeyForMatches(match, scored ? "scored" : "ids"),
                    () => MatchesAsync(connection, match, scored, likelyFew, ct), IdListSize);
                if (found.Ids.Count > 0) break;
            }
            var ids = new List<int>(found.Ids);   // the cached list is shared: copy before changing it
            var sku = await SkuAsync(request, ct);
            if (sku is { } skuId && !ids.Contains(skuId)) ids.Insert(0, skuId);
            if (ids.Count == 0) return SearchResult.Empty;

            var relaxedTo = found.Ids.Count == 0 ? null : mode switch
            {
                MatchMode.AnyWord => "any of the words",
                MatchMode.AnyPrefix => "words starting with what you typed",
                _ => null,
            };
            var capped = ids.Count > MatchCap;
            if (capped) ids.RemoveRange(MatchCap, ids.Count - MatchCap);

            Dictionary<int, double>? scores = null;
            if (relevance)
            {
                // Few matches: bm25 for each (read with the ids). Many: name matches first, as one tier.
                if (found.Scores is not null)
                {
                    scores = new Dictionary<int, double>(found.Scores);
                }
                else
                {
                    var nameMatch = request.Text.Match(mode, nameOnly: true)!;
                    var (names, _) = await cache.GetOrComputeAsync(cache.KeyForMatches(nameMatch, "name tier"),
                        async () => new Matches(await ReadIdsAsync(connection, nameMatch, RankAll, null, ct), null), IdListSize);
                    scores = names.Ids.ToDictionary(id => id, _ => -1.0);
                }
                if (sku is { } s) scores[s] = double.MinValue;   // an exact SKU outranks everything
            }
            return await AnswerAsync(request, filter, categories, new ArraySegment<int>([.. ids]), capped, relaxedTo, scores);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // A pool of its own, a few arrays deep: the shared pool would keep several half-megabyte arrays per core forever.
    private static readonly System.Buffers.ArrayPool<int> s_candidatePool = System.Buffers.ArrayPool<int>.Create(1 << 21, 4);

    /// <summary>
    /// The products a browse must look at: all of them (null), or only the chosen category's. A category with
    /// subcategories gathers theirs into a pooled array (returned by the caller), not a new one per request.
    /// </summary>
    private (ArraySegment<int>? Ids, int[]? Rented) BrowseCandidates(Filter filter)
    {
        if (filter.Category is null) return (null, null);
        var byCategory = facts.IdsByCategory();
        if (filter.Category.IsDepartment || filter.Category.Children.Count == 0)
        {
            return (byCategory.GetValueOrDefault(filter.Category.Id) ?? [], null);
        }
        var parts = filter.CategoryIds!.Select(id => byCategory.GetValueOrDefault(id) ?? []).ToList();
        var rented = s_candidatePool.Rent(Math.Max(1, parts.Sum(p => p.Length)));
        var length = 0;
        foreach (var part in parts)
        {
            part.CopyTo(rented, length);
            length += part.Length;
        }
        return (new ArraySegment<int>(rented, 0, length), rented);
    }

    /// <summary>Filters the candidates, counts every facet (each without its own filter, as shoppers expect), and picks one sorted page.</summary>
    private async Task<SearchResult> AnswerAsync(SearchRequest request, Filter filter, CategoryTree.Snapshot categories, ArraySegment<int>? candidates,
        bool capped, string? relaxedTo, Dictionary<int, double>? relevance)
    {
        var (all, active) = facts.Snapshot();
        var n = Math.Min(all.Length, active.Length);
        var count = candidates?.Count ?? n;
        var candidateIds = candidates?.Array;
        var offset = candidates?.Offset ?? 0;
        var scan = new Scan(request, filter, categories, facts.MaxBrandId, relevance);

        // A department browse reads 100,000+ facts scattered over the array, each a likely cache miss: on two cores,
        // two halves at once take about half the time. Small scans stay on this thread.
        var parts = count >= options.Value.ParallelScanFrom ? Math.Clamp(Environment.ProcessorCount, 2, 4) : 1;
        var tallies = new Tally[parts];
        if (parts == 1)
        {
            tallies[0] = scan.Run(all, active, n, candidateIds, offset, offset + count);
        }
        else
        {
            Parallel.For(0, parts, part => tallies[part] = scan.Run(all, active, n, candidateIds, offset + (int)((long)count * part / parts), offset + (int)((long)count * (part + 1) / parts)));
        }
        var tally = tallies[0];
        for (var i = 1; i < parts; i++) tally.Merge(tallies[i]);
        var (byCategory, byBrand, byBand, inStock, total, best) = (tally.ByCategory, tally.ByBrand, tally.ByBand, tally.InStock, tally.Total, tally.Best);
        var skip = (request.Page - 1) * SearchRequest.PageSize;

        var page = best.InOrder().Skip(skip).Select(k => k.Id).ToList();

        var categoryFacets = byCategory
            .Select((count, id) => (Node: count > 0 ? categories.ById.GetValueOrDefault(id) : null, Count: count))
            .Where(x => x.Node is not null)
            .OrderByDescending(x => x.Count).ThenBy(x => x.Node!.Name)
            .Select(x => new FacetValue(x.Node!.Slug, x.Node.Name, x.Count, x.Node.Slug == request.Category))
            .ToList();
        var topBrands = byBrand.Select((count, id) => (Id: id, Count: count)).Where(x => x.Count > 0 || x.Id == filter.BrandId)
            .OrderByDescending(x => x.Count).Take(MaxBrandFacets).ToList();
        if (filter.BrandId is { } selected && topBrands.All(x => x.Id != selected)) topBrands.Add((selected, byBrand.ElementAtOrDefault(selected)));
        var brandNames = await BrandNamesAsync();
        var brandFacets = topBrands
            .Where(x => brandNames.ContainsKey(x.Id))
            .OrderByDescending(x => x.Count).ThenBy(x => brandNames[x.Id].Name)
            .Select(x => new FacetValue(brandNames[x.Id].Slug, brandNames[x.Id].Name, x.Count, x.Id == filter.BrandId))
            .ToList();
        var bandFacets = PriceBands
            .Select((band, i) => new FacetValue(band.Key, band.Label, byBand[i], request.MinPriceCents == band.Min && request.MaxPriceCents == band.Max))
            .Where(f => f.Count > 0 || f.Selected)
            .ToList();
        return new SearchResult(page, total, capped, relaxedTo, categoryFacets, brandFacets, bandFacets, inStock);
    }

    /// <summary>What one pass over some candidates found: facet counts, the total and the best keys.</summary>
    private sealed class Tally(int categories, int brands, int keep)
    {
        public readonly int[] ByCategory = new int[categories];
        public readonly int[] ByBrand = new int[brands];
        public readonly int[] ByBand = new int[PriceBands.Count];
        public int InStock;
        public int Total;
        public readonly TopK Best = new(keep);

        public void Merge(Tally other)
        {
            for (var i = 0; i < ByCategory.Length; i++) ByCategory[i] += other.ByCategory[i];
            for (var i = 0; i < ByBrand.Length; i++) ByBrand[i] += other.ByBrand[i];
            for (var i = 0; i < ByBand.Length; i++) ByBand[i] += other.ByBand[i];
            InStock += other.InStock;
            Total += other.Total;
            foreach (var key in other.Best.InOrder()) Best.Add(key);
        }
    }

    /// <summary>One search's filters as plain values, so the loop that runs up to a million times a browse reads locals.</summary>
    private sealed class Scan
    {
        private readonly bool _departmentFacet;
        private readonly bool _leafFacet;
        private readonly int _department;
        private readonly bool[] _allowedCategories;
        private readonly bool _anyCategory;
        private readonly int _brandId;
        private readonly long _minPrice;
        private readonly long _maxPrice;
        private readonly bool _needStock;
        private readonly Sort _sort;
        private readonly Dictionary<int, double>? _relevance;
        private readonly int _categorySlots;
        private readonly int _brandSlots;
        private readonly int _keep;

        public Scan(SearchRequest request, Filter filter, CategoryTree.Snapshot categories, int maxBrandId, Dictionary<int, double>? relevance)
        {
            _categorySlots = categories.ById.Keys.DefaultIfEmpty().Max() + 1;
            _brandSlots = maxBrandId + 1;
            _keep = request.Page * SearchRequest.PageSize;
            _departmentFacet = filter.Category is null;
            _leafFacet = filter.Category is { Children.Count: > 0 };
            _department = filter.Category is { IsDepartment: true } d ? d.Id : -1;
            _allowedCategories = new bool[_categorySlots];
            foreach (var id in filter.CategoryIds ?? []) if (id < _allowedCategories.Length) _allowedCategories[id] = true;
            _anyCategory = filter.Category is null;
            _brandId = filter.BrandId ?? -1;
            _minPrice = filter.Min ?? long.MinValue;
            _maxPrice = filter.Max ?? long.MaxValue;
            _needStock = filter.InStock;
            _sort = SortKind(request.Sort);
            _relevance = relevance;
        }

        /// <summary>Candidates [from, to): ids from the array, or (no array) every id, newest first.</summary>
        public Tally Run(ProductFact[] all, bool[] active, int n, int[]? candidates, int from, int to)
        {
            var tally = new Tally(_categorySlots, _brandSlots, _keep);
            var (byCategory, byBrand, byBand, allowed) = (tally.ByCategory, tally.ByBrand, tally.ByBand, _allowedCategories);
            var (inStock, total) = (0, 0);
            for (var i = from; i < to; i++)
            {
                if (candidates is not null && i + PrefetchDistance < to) Prefetch(all, active, candidates[i + PrefetchDistance]);
                var id = candidates is null ? n - 1 - i : candidates[i];
                if ((uint)id >= (uint)n || !active[id]) continue;
                ref readonly var f = ref all[id];
                var category = _anyCategory || (_department >= 0 ? f.DepartmentId == _department : (uint)f.CategoryId < (uint)allowed.Length && allowed[f.CategoryId]);
                var brand = _brandId < 0 || f.BrandId == _brandId;
                var price = f.PriceCents >= _minPrice && f.PriceCents < _maxPrice;
                var stock = !_needStock || f.Stock > 0;
                if (brand && price && stock)
                {
                    if (_departmentFacet) byCategory[f.DepartmentId]++;
                    else if (_leafFacet && category) byCategory[f.CategoryId]++;
                }
                if (!category) continue;
                if (price && stock && (uint)f.BrandId < (uint)byBrand.Length) byBrand[f.BrandId]++;
                if (brand && stock) byBand[Band(f.PriceCents)]++;
                if (brand && price)
                {
                    if (f.Stock > 0) inStock++;
                    if (stock)
                    {
                        total++;
                        tally.Best.Add(Key(_sort, id, f, _relevance));
                    }
                }
            }
            (tally.InStock, tally.Total) = (inStock, total);
            return tally;
        }
    }

    // A category's products are scattered over the facts array (a department's are about one in eight), so each is a
    // likely cache miss the hardware prefetcher cannot predict; asking for the fact a few products ahead overlaps them.
    private const int PrefetchDistance = 12;

    private static unsafe void Prefetch(ProductFact[] all, bool[] active, int id)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || (uint)id >= (uint)all.Length || (uint)id >= (uint)active.Length) return;
        fixed (ProductFact* fact = &all[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(fact);
        fixed (bool* flag = &active[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(flag);
    }

    private static readonly long[] s_bandFloors = [.. PriceBands.Select(b => b.Min ?? long.MinValue)];

    private static int Band(long price)
    {
        var floors = s_bandFloors;
        for (var i = floors.Length - 1; i > 0; i--)
        {
            if (price >= floors[i]) return i;
        }
        return 0;
    }

    private enum Sort { Relevance, PriceAsc, PriceDesc, Newest, Rating }

    private static Sort SortKind(string sort) => sort switch
    {
        "price-asc" => Sort.PriceAsc,
        "price-desc" => Sort.PriceDesc,
        "newest" => Sort.Newest,
        "rating" => Sort.Rating,
        _ => Sort.Relevance,
    };

    /// <summary>A product's place in a sort, as plain numbers so sorting a large result set compares structs, not lookups.</summary>
    private readonly record struct RankKey(double Primary, long Secondary, long Tie, int Id) : IComparable<RankKey>
    {
        public int CompareTo(RankKey other)
        {
            var c = Primary.CompareTo(other.Primary);
            if (c == 0) c = Secondary.CompareTo(other.Secondary);
            return c != 0 ? c : Tie.CompareTo(other.Tie);
        }
    }

    private static RankKey Key(Sort sort, int id, in ProductFact f, Dictionary<int, double>? relevance)
    {
        // Rating first, then how many rated it: also the tie-break for relevance.
        var popularity = -((long)(f.Rating * 10 + 0.5f) << 32 | (uint)f.RatingCount);
        return sort switch
        {
            Sort.PriceAsc => new(f.PriceCents, 0, id, id),
            Sort.PriceDesc => new(-f.PriceCents, 0, -id, id),
            Sort.Newest => new(-f.CreatedTicks, 0, -id, id),
            Sort.Rating => new(0, popularity, -id, id),
            // bm25 is negative, lower is better; products outside the scored set (broad queries: not a name match) come after.
            _ => new(relevance?.GetValueOrDefault(id, 0) ?? 0, popularity, -id, id),
        };
    }

    /// <summary>Keeps the best k keys seen: a max-heap whose root, the worst kept, is replaced when something better comes.</summary>
    private sealed class TopK(int k)
    {
        private readonly PriorityQueue<RankKey, RankKey> _heap = new(k + 1, Comparer<RankKey>.Create((a, b) => b.CompareTo(a)));

        public void Add(RankKey key)
        {
            if (_heap.Count < k) _heap.Enqueue(key, key);
            else if (key.CompareTo(_heap.Peek()) < 0) _heap.EnqueueDequeue(key, key);
        }

        public List<RankKey> InOrder()
        {
            var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
            list.Sort();
            return list;
        }
    }

    // An id list of 10,000 is about 40 KB (bm25 scores add ~32 bytes a match): weighed in KB like everything cached.
    private static long IdListSize(Matches m) => 1 + (m.Ids.Count * 4 + (m.Scores?.Count ?? 0) * 32) / 1024;

    private sealed record Matches(List<int> Ids, Dictionary<int, double>? Scores)
    {
        public static readonly Matches None = new([], null);
    }

    /// <summary>
    /// Ids of matching products, newest first, at most one more than <see cref="MatchCap"/> so the caller knows it capped.
    /// With <paramref name="scored"/> and at most <see cref="RankAll"/> matches, each also gets its bm25 score; bm25 is
    /// not asked for more because it must score every match before the best can be known.
    /// </summary>
    private static async Task<Matches> MatchesAsync(DbConnection connection, string match, bool scored, bool likelyFew, CancellationToken ct)
    {
        var ids = new List<int>();
        if (scored && likelyFew)
        {
            // Several words usually match few products: score them in the same pass and stop if that was all.
            var scores = new Dictionary<int, double>();
            await using (var cmd = Command(connection, $"SELECT rowid, {Bm25} FROM ProductSearch WHERE ProductSearch MATCH $match ORDER BY rowid DESC LIMIT {RankAll + 1}", ("$match", match)))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetInt32(0));
                    scores[ids[^1]] = reader.GetDouble(1);
                }
            }
            if (ids.Count <= RankAll) return new Matches(ids, scores);
        }

        ids.AddRange(await ReadIdsAsync(connection, match, MatchCap + 1 - ids.Count, ids.Count == 0 ? null : ids.Min(), ct));
        if (!scored || likelyFew || ids.Count == 0 || ids.Count > RankAll) return new Matches(ids, null);

        var bm25 = new Dictionary<int, double>(ids.Count);
        await using (var cmd = Command(connection, $"SELECT rowid, {Bm25} FROM ProductSearch WHERE ProductSearch MATCH $match", ("$match", match)))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) bm25[reader.GetInt32(0)] = reader.GetDouble(1);
        }
        return new Matches(ids, bm25);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> matching ids, newest first (below <paramref name="before"/> when given). SQLite
    /// joins them into one string: one row to read instead of ten thousand, which halves the cost of a broad query.
    /// </summary>
    private static async Task<List<int>> ReadIdsAsync(DbConnection connection, string match, int limit, int? before, CancellationToken ct)
    {
        var range = before is { } b ? $" AND rowid < {b}" : "";
        await using var cmd = Command(connection,
            $"SELECT group_concat(rowid) FROM (SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH $match{range} ORDER BY rowid DESC LIMIT {limit})",
            ("$match", match));
        var text = await cmd.ExecuteScalarAsync(ct) as string;
        var ids = new List<int>();
        if (string.IsNullOrEmpty(text)) return ids;
        var value = 0;
        foreach (var c in text)
        {
            if (c == ',')
            {
                ids.Add(value);
                value = 0;
            }
            else
            {
                value = value * 10 + (c - '0');
            }
        }
        ids.Add(value);
        return ids;
    }

    /// <summary>A query that is exactly a SKU ("EL-00012345") finds that product first, whatever the text index says.</summary>
    private async Task<int?> SkuAsync(SearchRequest request, CancellationToken ct)
    {
        var words = request.Text.Words;
        if (words.Count != 2 || request.Text.Phrases.Count > 0 || !words[1].All(char.IsAsciiDigit) || words[0].Length > 4) return null;
        var sku = $"{words[0]}-{words[1]}".ToUpperInvariant();
        var id = await db.Products.AsNoTracking().Where(p => p.Sku == sku && p.IsActive).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return id;
    }

    private async Task<Dictionary<int, (string Name, string Slug)>> BrandNamesAsync()
    {
        var (names, _) = await cache.GetOrComputeAsync(cache.KeyForBrands(),
            async () => await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => (b.Name, b.Slug)), names => 1 + names.Count / 8);
        return names;
    }

    private sealed record Filter(CategoryNode? Category, HashSet<int>? CategoryIds, int? BrandId, long? Min, long? Max, bool InStock)
    {
    }

    /// <summary>Resolves slugs; null when one names nothing, which is an empty result rather than an error.</summary>
    private async Task<Filter?> FilterAsync(SearchRequest request, CategoryTree.Snapshot categories, CancellationToken ct)
    {
        CategoryNode? category = null;
        if (request.Category is not null && !categories.BySlug.TryGetValue(request.Category, out category)) return null;
        int? brandId = null;
        if (request.Brand is not null)
        {
            brandId = await db.Brands.AsNoTracking().Where(b => b.Slug == request.Brand).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
            if (brandId is null) return null;
        }
        return new Filter(category, category?.SelfAndDescendants().Select(c => c.Id).ToHashSet(), brandId,
            request.MinPriceCents, request.MaxPriceCents, request.InStock);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}
