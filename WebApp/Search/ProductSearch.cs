using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Full-text search over the catalogue. Ranking every match with bm25, or reading each matching row to filter and
/// sort it, costs time in proportion to how many match, and a common word matches half the catalogue. So:
/// <list type="bullet">
/// <item>The <see cref="FullTextIndex"/> only says which products match: at most <see cref="MatchCap"/> ids, newest first ("10,000+ results").</item>
/// <item>Filters, facet counts and sorting are a <see cref="FactScan"/> in memory: no row reads.</item>
/// <item>Relevance: when at most <see cref="RankAll"/> products match, all are ranked by bm25. Broader queries order
/// name matches before other matches, each by popularity, since bm25 would have to score every match to find the top 24.</item>
/// </list>
/// The answer (ids of one page, counts, facets) is cached by <see cref="SearchCache"/>.
/// </summary>
public sealed class ProductSearch(StoreDbContext db, FullTextIndex index, FactScan scan, CategoryTree tree, SearchCache cache, SearchMissRecorder misses)
{
    public const int MatchCap = 10_000;
    public const int RankAll = 2_000;

    public async Task<(SearchResult Result, bool CacheHit)> SearchAsync(SearchRequest request)
    {
        // The computation is shared by every identical request waiting on it, so one shopper closing the tab must not
        // cancel it for the others; it is bounded anyway.
        var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(request), () => ComputeAsync(request, null, CancellationToken.None), r => r.Kilobytes);
        if (!hit && result.Total == 0 && !request.Text.IsEmpty) misses.Record(request.Text.Normalized);
        return (result, hit);
    }

    /// <summary>
    /// A category page: a browse of <paramref name="scope"/> with the request's filters (its categories, if any, lie
    /// inside the scope). The same products and counts as the search for that category, from the same scan, cached the same way.
    /// </summary>
    public Task<(SearchResult Result, bool CacheHit)> BrowseAsync(CategoryNode scope, SearchRequest request) =>
        cache.GetOrComputeAsync(cache.KeyFor(request, scope.Slug), () => ComputeAsync(request, scope, CancellationToken.None), r => r.Kilobytes);

    /// <summary>
    /// The request with the brands and categories that name nothing left out, each named in <paramref name="problems"/>
    /// (a stale link still shows products rather than nothing). On a category page (<paramref name="scope"/>) a category
    /// outside it is left out too; a chosen category inside another chosen one adds nothing and is dropped quietly.
    /// </summary>
    public async Task<SearchRequest> KnownOnlyAsync(SearchRequest request, List<string> problems, CategoryNode? scope = null)
    {
        if (request.Categories.Count == 0 && request.Brands.Count == 0) return request;
        var categories = await tree.GetAsync();
        var known = new List<CategoryNode>();
        foreach (var slug in request.Categories)
        {
            if (!categories.BySlug.TryGetValue(slug, out var node)) problems.Add($"There is no category “{slug}”; it was left out.");
            else if (scope is not null && !scope.SelfAndDescendants().Contains(node)) problems.Add($"“{node.Name}” is not part of {scope.Name}; it was left out.");
            else if (node != scope) known.Add(node);
        }
        var kept = known.Where(node => !known.Any(other => other != node && node.PathFromRoot().Contains(other))).Select(n => n.Slug).ToList();

        List<string> brands = [.. request.Brands];
        if (brands.Count > 0)
        {
            var slugs = (await BrandNamesAsync()).Values.Select(b => b.Slug).ToHashSet(StringComparer.Ordinal);
            foreach (var unknown in brands.Where(b => !slugs.Contains(b))) problems.Add($"There is no brand “{unknown}”; it was left out.");
            brands.RemoveAll(b => !slugs.Contains(b));
        }
        return kept.Count == request.Categories.Count && brands.Count == request.Brands.Count
            ? request
            : request with { Categories = kept, Brands = brands };
    }

    private async Task<SearchResult> ComputeAsync(SearchRequest request, CategoryNode? scope, CancellationToken ct)
    {
        var categories = await tree.GetAsync();
        var filter = await FilterAsync(request, scope, categories);
        if (filter is null) return SearchResult.Empty;

        // One connection for the whole search: the index lookups, the SKU and the brand names take it in turn.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (request.Text.IsEmpty) return scan.Browse(request, filter, categories, await BrandNamesAsync());

            // Every word (a long last word first as typed, then as a prefix); then any word; then any word as a prefix.
            // The first that finds something wins.
            var relevance = request.Sort == ProductSort.Relevance;
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
                    () => index.MatchesAsync(match, scored, likelyFew, ct), m => m.Kilobytes);
                if (found.Ids.Count > 0) break;
            }
            var ids = new List<int>(found.Ids);   // the cached list is shared: copy before changing it
            var sku = await SkuAsync(request, ct);
            if (sku is { } skuId && !ids.Contains(skuId)) ids.Insert(0, skuId);
            if (ids.Count == 0) return SearchResult.Empty;

            MatchMode? relaxedTo = found.Ids.Count > 0 && mode is MatchMode.AnyWord or MatchMode.AnyPrefix ? mode : null;
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
                    // Only name matches among the candidates count, so the walk stops at the oldest candidate.
                    var nameMatch = request.Text.Match(mode, nameOnly: true)!;
                    int? oldest = found.Ids.Count > 0 ? found.Ids.Min() : null;
                    var (names, _) = await cache.GetOrComputeAsync(cache.KeyForMatches(nameMatch, $"name tier from {oldest}"),
                        async () => new Matches(await index.IdsAsync(nameMatch, RankAll, ct, oldest), null), m => m.Kilobytes);
                    scores = names.Ids.ToDictionary(id => id, _ => -1.0);
                }
                if (sku is { } s) scores[s] = double.MinValue;   // an exact SKU outranks everything
            }
            return scan.Answer(request, filter, categories, await BrandNamesAsync(), new ArraySegment<int>([.. ids]), capped, relaxedTo, scores);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A query that is exactly a SKU ("EL-00012345") finds that product first, whatever the text index says.</summary>
    private async Task<int?> SkuAsync(SearchRequest request, CancellationToken ct)
    {
        var words = request.Text.Words;
        if (words.Count != 2 || request.Text.Phrases.Count > 0 || !words[1].All(char.IsAsciiDigit) || words[0].Length > 4) return null;
        var sku = $"{words[0]}-{words[1]}".ToUpperInvariant();
        return await db.Products.AsNoTracking().Where(p => p.Sku == sku && p.IsActive).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
    }

    private async Task<Dictionary<int, (string Name, string Slug)>> BrandNamesAsync()
    {
        var (names, _) = await cache.GetOrComputeAsync(cache.KeyForBrands(),
            async () => await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => (b.Name, b.Slug)), names => 1 + names.Count / 8);
        return names;
    }

    /// <summary>
    /// Resolves slugs; null when a chosen one names nothing (only if the catalogue changed since
    /// <see cref="KnownOnlyAsync"/>), which is an empty result rather than an error.
    /// </summary>
    private async Task<SearchFilter?> FilterAsync(SearchRequest request, CategoryNode? scope, CategoryTree.Snapshot categories)
    {
        var chosen = new List<CategoryNode>();
        foreach (var slug in request.Categories)
        {
            if (!categories.BySlug.TryGetValue(slug, out var node)) return null;
            chosen.Add(node);
        }
        HashSet<int>? brandIds = null;
        if (request.Brands.Count > 0)
        {
            var wanted = request.Brands.ToHashSet(StringComparer.Ordinal);
            brandIds = [.. (await BrandNamesAsync()).Where(b => wanted.Contains(b.Value.Slug)).Select(b => b.Key)];
            if (brandIds.Count != wanted.Count) return null;
        }
        return new SearchFilter(scope, chosen, chosen.Count == 0 ? null : [.. chosen.SelectMany(c => c.SelfAndDescendants()).Select(c => c.Id)], brandIds,
            request.MinPriceCents, request.MaxPriceCents, request.InStock);
    }
}
