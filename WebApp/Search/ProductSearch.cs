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
        var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(request), () => ComputeAsync(request, CancellationToken.None), r => r.Kilobytes);
        if (!hit && result.Total == 0 && !request.Text.IsEmpty) misses.Record(request.Text.Normalized);
        return (result, hit);
    }

    private async Task<SearchResult> ComputeAsync(SearchRequest request, CancellationToken ct)
    {
        var categories = await tree.GetAsync();
        var filter = await FilterAsync(request, categories, ct);
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

    /// <summary>Resolves slugs; null when one names nothing, which is an empty result rather than an error.</summary>
    private async Task<SearchFilter?> FilterAsync(SearchRequest request, CategoryTree.Snapshot categories, CancellationToken ct)
    {
        CategoryNode? category = null;
        if (request.Category is not null && !categories.BySlug.TryGetValue(request.Category, out category)) return null;
        int? brandId = null;
        if (request.Brand is not null)
        {
            brandId = await db.Brands.AsNoTracking().Where(b => b.Slug == request.Brand).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
            if (brandId is null) return null;
        }
        return new SearchFilter(category, category?.SelfAndDescendants().Select(c => c.Id).ToHashSet(), brandId,
            request.MinPriceCents, request.MaxPriceCents, request.InStock);
    }
}
