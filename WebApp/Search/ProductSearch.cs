using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Full-text search over the catalogue with FTS5, designed around one fact: FTS5 lists matches in rowid order almost
/// for free, but ranking (bm25) or sorting them costs time in proportion to how many match. So every step is bounded:
/// <list type="bullet">
/// <item>Counting stops at <see cref="CountCap"/> ("10,000+ results").</item>
/// <item>Facets are counted over the first <see cref="FacetSample"/> matches when there are more.</item>
/// <item>Relevance: up to <see cref="RankAll"/> matches are all ranked by bm25 (name weighted over brand and category,
/// over description). Broader queries rank a bounded candidate set instead: the newest <see cref="BroadWindow"/>
/// products whose name matches, ordered by popularity, then other matches; paging stops at that window.</item>
/// <item>Other sorts: up to <see cref="CountCap"/> matches are sorted directly; beyond that the product table's sort
/// index is walked and each product is checked against the index, which finds a page quickly because broad
/// queries match a large share of what it walks.</item>
/// </list>
/// </summary>
public sealed class ProductSearch(StoreDbContext db, CategoryTree tree, SearchCache cache, SearchMissRecorder misses)
{
    public const int CountCap = 10_000;
    public const int FacetSample = 2_000;
    public const int RankAll = 2_000;
    public const int BroadWindow = 1_000;

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

    public async Task<(SearchResult Result, bool CacheHit)> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        var categories = await tree.GetAsync();
        var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(request), () => ComputeAsync(request, categories, ct));
        if (!hit && result.Total == 0 && !request.Text.IsEmpty) misses.Record(request.Text.Normalized);
        return (result, hit);
    }

    private async Task<SearchResult> ComputeAsync(SearchRequest request, CategoryTree.Snapshot categories, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var filter = await FilterAsync(request, categories, ct);
            if (filter is null) return Empty(null);

            var skip = (request.Page - 1) * SearchRequest.PageSize;
            if (request.Text.IsEmpty) return await BrowseAsync(connection, request, filter, categories, skip, ct);

            // Every word; then any word; then any word as a prefix. The first mode that finds something wins.
            string? relaxedTo = null;
            string? match = null;
            var mode = MatchMode.AllWords;
            var total = 0;
            foreach (var candidate in new[] { MatchMode.AllWords, MatchMode.AnyWord, MatchMode.AnyPrefix })
            {
                var expression = request.Text.Match(candidate);
                if (expression is null || expression == match) continue;   // a one-word query is the same in two modes
                (match, mode) = (expression, candidate);
                total = await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT 1 FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.Sql} LIMIT {CountCap + 1})", filter, ct, match);
                if (total > 0) break;
            }
            if (total > 0)
            {
                relaxedTo = mode switch
                {
                    MatchMode.AnyWord => "any of the words",
                    MatchMode.AnyPrefix => "words starting with what you typed",
                    _ => null,
                };
            }
            var skuMatch = await SkuAsync(connection, request, filter, ct);
            if (total == 0 && skuMatch is null) return Empty(null);
            if (total == 0 && skuMatch is { } onlySku) return Single(onlySku, request);

            var ids = request.Sort == SearchRequest.Relevance
                ? await RankAsync(connection, request, filter, match!, mode, total, skip, ct)
                : await SortedAsync(connection, request, filter, match!, total, skip, ct);
            if (skuMatch is { } sku && request.Page == 1 && request.Sort == SearchRequest.Relevance)
            {
                ids = [sku, .. ids.Where(id => id != sku).Take(SearchRequest.PageSize - 1)];
            }
            var facets = await FacetsAsync(connection, request, categories,
                $"SELECT p.CategoryId, p.DepartmentId, p.BrandId, p.PriceCents, p.Stock FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.FacetSql} LIMIT {FacetSample + 1}",
                filter, ct, match);
            var reachable = request.Sort == SearchRequest.Relevance && total > RankAll ? BroadWindow : (int?)null;
            return facets with { Ids = ids, Total = Math.Min(total, CountCap), TotalIsCapped = total > CountCap, Reachable = reachable, RelaxedTo = relaxedTo };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<SearchResult> BrowseAsync(DbConnection connection, SearchRequest request, Filter filter, CategoryTree.Snapshot categories, int skip, CancellationToken ct)
    {
        var total = await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT 1 FROM Products p WHERE {filter.Sql} LIMIT {CountCap + 1})", filter, ct);
        var ids = await IdsAsync(connection, $"SELECT p.Id FROM Products p WHERE {filter.Sql} ORDER BY {SearchRequest.Sorts[request.Sort].OrderBy} LIMIT {SearchRequest.PageSize} OFFSET {skip}", filter, ct);
        var facets = await FacetsAsync(connection, request, categories,
            $"SELECT p.CategoryId, p.DepartmentId, p.BrandId, p.PriceCents, p.Stock FROM Products p WHERE {filter.FacetSql} LIMIT {FacetSample + 1}", filter, ct);
        return facets with { Ids = ids, Total = Math.Min(total, CountCap), TotalIsCapped = total > CountCap };
    }

    private static async Task<List<int>> RankAsync(DbConnection connection, SearchRequest request, Filter filter, string match, MatchMode mode, int total, int skip, CancellationToken ct)
    {
        if (total <= RankAll)
        {
            return await IdsAsync(connection,
                $"SELECT p.Id FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.Sql} ORDER BY {Bm25}, p.RatingCount DESC LIMIT {SearchRequest.PageSize} OFFSET {skip}",
                filter, ct, match);
        }
        if (skip >= BroadWindow) return [];

        // Broad query: bm25 would have to score every match. Name matches come first (newest first by rowid, a cheap
        // bounded walk), ordered by popularity; matches elsewhere fill the window if names alone do not.
        var candidates = await IdsAsync(connection,
            $"SELECT Id FROM (SELECT p.Id, p.RatingCount FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.Sql} ORDER BY ProductSearch.rowid DESC LIMIT {BroadWindow}) ORDER BY RatingCount DESC, Id DESC",
            filter, ct, request.Text.Match(mode, nameOnly: true));
        if (candidates.Count < skip + SearchRequest.PageSize)
        {
            var seen = candidates.ToHashSet();
            var more = await IdsAsync(connection,
                $"SELECT Id FROM (SELECT p.Id, p.RatingCount FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.Sql} ORDER BY ProductSearch.rowid DESC LIMIT {BroadWindow}) ORDER BY RatingCount DESC, Id DESC",
                filter, ct, match);
            candidates.AddRange(more.Where(seen.Add).Take(BroadWindow - candidates.Count));
        }
        return [.. candidates.Skip(skip).Take(SearchRequest.PageSize)];
    }

    private static async Task<List<int>> SortedAsync(DbConnection connection, SearchRequest request, Filter filter, string match, int total, int skip, CancellationToken ct)
    {
        var orderBy = SearchRequest.Sorts[request.Sort].OrderBy;
        if (total <= CountCap)
        {
            return await IdsAsync(connection,
                $"SELECT p.Id FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid WHERE ProductSearch MATCH $match AND {filter.Sql} ORDER BY {orderBy} LIMIT {SearchRequest.PageSize} OFFSET {skip}",
                filter, ct, match);
        }
        // More than CountCap matches: walk the sort index and keep products that match (one index probe each).
        return await IdsAsync(connection,
            $"SELECT p.Id FROM Products p WHERE {filter.Sql} AND p.Id IN (SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH $match AND rowid = p.Id) ORDER BY {orderBy} LIMIT {SearchRequest.PageSize} OFFSET {skip}",
            filter, ct, match);
    }

    /// <summary>A query that is exactly a SKU finds that product first, whatever the text index says.</summary>
    private static async Task<int?> SkuAsync(DbConnection connection, SearchRequest request, Filter filter, CancellationToken ct)
    {
        var raw = request.Text.Words.Count == 2 && request.Text.Phrases.Count == 0 ? string.Join('-', request.Text.Words).ToUpperInvariant() : null;
        if (raw is null || !raw.Any(char.IsAsciiDigit)) return null;
        var id = await ScalarAsync(connection, $"SELECT coalesce((SELECT p.Id FROM Products p WHERE p.Sku = $sku AND {filter.Sql}), 0)", filter, ct, sku: raw);
        return id == 0 ? null : id;
    }

    private static SearchResult Single(int id, SearchRequest request) =>
        Empty(null) with { Ids = request.Page == 1 ? [id] : [], Total = 1 };

    private static SearchResult Empty(string? relaxedTo) => new([], 0, false, null, relaxedTo, [], [], [], 0, false);

    private static async Task<SearchResult> FacetsAsync(DbConnection connection, SearchRequest request, CategoryTree.Snapshot categories, string sql, Filter filter, CancellationToken ct, string? match = null)
    {
        var byCategory = new Dictionary<int, int>();
        var byBrand = new Dictionary<int, int>();
        var byBand = new int[PriceBands.Count];
        var inStock = 0;
        var rows = 0;
        var drillInto = filter.Category;
        await using (var cmd = Command(connection, sql, filter, match))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct) && rows < FacetSample)
            {
                rows++;
                var categoryId = reader.GetInt32(0);
                var departmentId = reader.GetInt32(1);
                var key = drillInto is null ? departmentId : categoryId;
                byCategory[key] = byCategory.GetValueOrDefault(key) + 1;
                var brandId = reader.GetInt32(2);
                byBrand[brandId] = byBrand.GetValueOrDefault(brandId) + 1;
                var price = reader.GetInt64(3);
                for (var b = 0; b < PriceBands.Count; b++)
                {
                    if ((PriceBands[b].Min is not { } min || price >= min) && (PriceBands[b].Max is not { } max || price < max)) byBand[b]++;
                }
                if (reader.GetInt32(4) > 0) inStock++;
            }
        }

        var categoryFacets = byCategory
            .Select(kv => (Node: categories.ById.GetValueOrDefault(kv.Key), kv.Value))
            .Where(x => x.Node is not null && x.Node != drillInto)
            .OrderByDescending(x => x.Value).ThenBy(x => x.Node!.Name)
            .Select(x => new FacetValue(x.Node!.Slug, x.Node.Name, x.Value, x.Node.Slug == request.Category))
            .ToList();
        var brandNames = await BrandNamesAsync(connection, byBrand.Keys, ct);
        var brandFacets = byBrand
            .Where(kv => brandNames.ContainsKey(kv.Key))
            .OrderByDescending(kv => kv.Value).ThenBy(kv => brandNames[kv.Key].Name)
            .Take(12)
            .Select(kv => new FacetValue(brandNames[kv.Key].Slug, brandNames[kv.Key].Name, kv.Value, brandNames[kv.Key].Slug == request.Brand))
            .ToList();
        var bandFacets = PriceBands
            .Select((band, i) => new FacetValue(band.Key, band.Label, byBand[i], request.MinPriceCents == band.Min && request.MaxPriceCents == band.Max))
            .Where(f => f.Count > 0 || f.Selected)
            .ToList();
        return new SearchResult([], 0, false, null, null, categoryFacets, brandFacets, bandFacets, inStock, rows >= FacetSample);
    }

    private static async Task<Dictionary<int, (string Name, string Slug)>> BrandNamesAsync(DbConnection connection, IEnumerable<int> ids, CancellationToken ct)
    {
        var list = string.Join(',', ids);
        var names = new Dictionary<int, (string, string)>();
        if (list.Length == 0) return names;
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT Id, Name, Slug FROM Brands WHERE Id IN ({list})";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        return names;
    }

    /// <summary>The WHERE clause over products aliased p, with its parameters; FacetSql leaves out the category, brand and price filters the facets themselves offer.</summary>
    private sealed record Filter(string Sql, string FacetSql, Dictionary<string, object> Parameters, CategoryNode? Category);

    private async Task<Filter?> FilterAsync(SearchRequest request, CategoryTree.Snapshot categories, CancellationToken ct)
    {
        var clauses = new List<string> { "p.IsActive = 1" };
        var parameters = new Dictionary<string, object>();
        CategoryNode? category = null;
        if (request.Category is not null)
        {
            if (!categories.BySlug.TryGetValue(request.Category, out category)) return null;
            clauses.Add(category switch
            {
                { IsDepartment: true } => "p.DepartmentId = $category",
                { Children.Count: 0 } => "p.CategoryId = $category",
                _ => $"p.CategoryId IN ({string.Join(',', category.SelfAndDescendants().Select(c => c.Id))})",
            });
            parameters["$category"] = category.Id;
        }
        var facetClauses = new List<string>(clauses);
        if (request.Brand is not null)
        {
            var brandId = await db.Brands.AsNoTracking().Where(b => b.Slug == request.Brand).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
            if (brandId is null) return null;
            clauses.Add("p.BrandId = $brand");
            parameters["$brand"] = brandId.Value;
        }
        if (request.MinPriceCents is { } min)
        {
            clauses.Add("p.PriceCents >= $min");
            parameters["$min"] = min;
        }
        if (request.MaxPriceCents is { } max)
        {
            clauses.Add("p.PriceCents < $max");
            parameters["$max"] = max;
        }
        if (request.InStock)
        {
            clauses.Add("p.Stock > 0");
            facetClauses.Add("p.Stock > 0");
        }
        return new Filter(string.Join(" AND ", clauses), string.Join(" AND ", facetClauses), parameters, category);
    }

    private static DbCommand Command(DbConnection connection, string sql, Filter filter, string? match = null, string? sku = null)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in filter.Parameters)
        {
            if (!sql.Contains(name, StringComparison.Ordinal)) continue;
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        if (match is not null) Add(cmd, "$match", match);
        if (sku is not null) Add(cmd, "$sku", sku);
        return cmd;

        static void Add(DbCommand cmd, string name, string value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
    }

    private static async Task<int> ScalarAsync(DbConnection connection, string sql, Filter filter, CancellationToken ct, string? match = null, string? sku = null)
    {
        await using var cmd = Command(connection, sql, filter, match, sku);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<int>> IdsAsync(DbConnection connection, string sql, Filter filter, CancellationToken ct, string? match = null)
    {
        await using var cmd = Command(connection, sql, filter, match);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<int>(SearchRequest.PageSize);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
        return ids;
    }
}
