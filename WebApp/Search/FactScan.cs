using System.Buffers;
using Microsoft.Extensions.Options;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// Filters, facet counts and one sorted page, computed from <see cref="ProductFacts"/> in memory: what is expensive in
/// SQL (a random row read per match) is an array lookup here. Large scans are split across the cores.
/// </summary>
public sealed class FactScan(ProductFacts facts, IOptions<SearchOptions> options)
{
    // A pool of its own, a few arrays deep: the shared pool would keep several half-megabyte arrays per core forever.
    private static readonly ArrayPool<int> s_candidatePool = ArrayPool<int>.Create(1 << 21, 4);

    /// <summary>
    /// No words, only filters: every active product of the listing's scope (a category page's category, or the whole
    /// catalogue) is a candidate, with exact counts at any depth. Chosen categories filter inside the scan rather than
    /// narrowing the candidates, since the category facet counts what each other category would show. On the search
    /// page, though, that is the whole catalogue, so there the category facet gets a cheap pass over every product of its
    /// own, and the rest (the page, the other facets) reads only the chosen categories' products.
    /// </summary>
    public SearchResult Browse(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, IReadOnlyDictionary<int, (string Name, string Slug)> brands)
    {
        var chosenOnly = filter.Scope is null && filter.Categories.Count > 0;
        var (candidates, rented) = chosenOnly ? Candidates(filter.Categories) : filter.Scope is { } scope ? Candidates([scope]) : (null, null);
        try
        {
            return Answer(request, filter, categories, brands, candidates, capped: false, relaxedTo: null, relevance: null, categoriesOfEveryProduct: chosenOnly);
        }
        finally
        {
            if (rented is not null) s_candidatePool.Return(rented);
        }
    }

    /// <summary>
    /// The products of some categories, and below them, each once. One category with nothing below it is its own list;
    /// anything else gathers lists into a pooled array (returned by the caller), not a new one per request.
    /// </summary>
    private (ArraySegment<int>? Ids, int[]? Rented) Candidates(IReadOnlyList<CategoryNode> chosen)
    {
        var byCategory = facts.IdsByCategory();
        // A category inside another chosen one adds nothing (and its products would be counted twice).
        var nodes = chosen.Where(node => !node.PathFromRoot().Any(above => above != node && chosen.Contains(above)));
        // A category's list holds only the products placed in it directly.
        var parts = nodes.SelectMany(node => node.SelfAndDescendants())
            .Select(c => byCategory.GetValueOrDefault(c.Id) ?? []).ToList();
        if (parts.Count == 1) return (parts[0], null);
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
    public SearchResult Answer(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, IReadOnlyDictionary<int, (string Name, string Slug)> brands,
        ArraySegment<int>? candidates, bool capped, MatchMode? relaxedTo, FieldRanking? relevance, bool categoriesOfEveryProduct = false)
    {
        var (all, active) = facts.Snapshot();
        var n = Math.Min(all.Length, active.Length);
        var count = candidates?.Count ?? n;
        var candidateIds = candidates?.Array;
        var offset = candidates?.Offset ?? 0;
        var pass = new ScanPass(request, filter, categories, facts.MaxBrandId, relevance);

        // A department browse reads 100,000+ facts scattered over the array, each a likely cache miss: on two cores,
        // two halves at once take about half the time. Small scans stay on this thread.
        var parts = count >= options.Value.ParallelScanFrom ? Math.Clamp(Environment.ProcessorCount, 2, 4) : 1;
        var everyCategory = categoriesOfEveryProduct ? CountCategories(pass, filter, all, active, n) : null;
        var tallies = new Tally[parts];
        if (parts == 1)
        {
            tallies[0] = pass.Run(all, active, n, candidateIds, offset, offset + count, countCategories: everyCategory is null);
        }
        else
        {
            Parallel.For(0, parts, part => tallies[part] = pass.Run(all, active, n, candidateIds, offset + (int)((long)count * part / parts), offset + (int)((long)count * (part + 1) / parts), countCategories: everyCategory is null));
        }
        var tally = tallies[0];
        for (var i = 1; i < parts; i++) tally.Merge(tallies[i]);

        var page = tally.Best.Page(WebApp.Pages.Pager.Skip(request.Page, request.PageSize), request.PageSize).Select(k => k.Id).ToList();

        var categoryFacets = CategoryFacets(everyCategory ?? tally.ByCategory, filter, categories);
        var byBrand = tally.ByBrand;
        var chosen = filter.BrandIds ?? [];
        // Every brand with products here, the most common first, and every chosen one (with its count, maybe 0). The
        // page shows the first few and folds the rest (_Facets); capped at twelve, a search for "bag" offered 12 of 32.
        var shownBrands = byBrand.Select((count, id) => (Id: id, Count: count)).Where(x => x.Count > 0 && brands.ContainsKey(x.Id))
            .Concat(chosen.Select(id => (Id: id, Count: byBrand.ElementAtOrDefault(id))))
            .DistinctBy(x => x.Id)
            .Where(x => brands.ContainsKey(x.Id));
        var brandFacets = shownBrands
            .OrderByDescending(x => x.Count).ThenBy(x => brands[x.Id].Name, StringComparer.Ordinal)
            .Select(x => new FacetValue(brands[x.Id].Slug, brands[x.Id].Name, x.Count, chosen.Contains(x.Id)))
            .ToList();
        // A band's label is the page's to word: the key stands in for it here.
        var bandFacets = PriceBand.All
            .Select((band, i) => new FacetValue(band.Key, band.Key, tally.ByBand[i], request.MinPriceCents == band.Min && request.MaxPriceCents == band.MaxPrice))
            .Where(f => f.Count > 0 || f.Selected)
            .ToList();
        return new SearchResult(page, tally.Total, capped, relaxedTo, categoryFacets, brandFacets, bandFacets, tally.InStock);
    }

    /// <summary>
    /// The category facet's counts over every product. With no brand or stock filter, from each category's sorted
    /// prices once they are sorted (<see cref="ProductFacts.TryCountPriced"/>); else a pass over every product
    /// (<see cref="ScanPass.CountCategories"/>), split across the cores like a scan.
    /// </summary>
    private int[] CountCategories(ScanPass pass, SearchFilter filter, ProductFact[] all, bool[] active, int n)
    {
        var priced = filter.BrandIds is null && !filter.InStock ? new int[pass.CategorySlots] : null;
        if (priced is not null && facts.TryCountPriced(filter.Min ?? long.MinValue, filter.Max ?? long.MaxValue, priced)) return priced;
        var parts = n >= options.Value.ParallelScanFrom ? Math.Clamp(Environment.ProcessorCount, 2, 4) : 1;
        var counts = new int[parts][];
        Parallel.For(0, parts, part =>
        {
            counts[part] = new int[pass.CategorySlots];
            pass.CountCategories(all, active, n, (int)((long)n * part / parts), (int)((long)n * (part + 1) / parts), counts[part]);
        });
        for (var part = 1; part < parts; part++)
        {
            for (var i = 0; i < counts[0].Length; i++) counts[0][i] += counts[part][i];
        }
        return counts[0];
    }

    /// <summary>
    /// The category facet as a tree: the listing's top level (departments, or a category page's subcategories), and
    /// under each chosen category (and its ancestors) the next level down, so a shopper can widen or narrow. A count
    /// is everything in the category and below it, with every filter but the category one.
    /// </summary>
    private static List<FacetValue> CategoryFacets(int[] byCategory, SearchFilter filter, CategoryTree.Snapshot categories)
    {
        var chosen = filter.Categories.Select(c => c.Id).ToHashSet();
        var open = filter.Categories.SelectMany(c => c.PathFromRoot()).Select(c => c.Id).ToHashSet();
        // By category id, -1 until summed (a dictionary here grew and rehashed on every computed search).
        var totals = new int[categories.IdSlots];
        Array.Fill(totals, -1);
        var list = new List<FacetValue>();
        Add(filter.Scope?.Children ?? categories.Departments, 0);
        return list;

        void Add(IEnumerable<CategoryNode> level, int depth)
        {
            var shown = level.Select(node => (Node: node, Count: Total(node)))
                .Where(x => x.Count > 0 || open.Contains(x.Node.Id))
                .OrderByDescending(x => x.Count).ThenBy(x => x.Node.Name, StringComparer.Ordinal);
            foreach (var (node, count) in shown)
            {
                list.Add(new FacetValue(node.Slug, node.Name, count, chosen.Contains(node.Id), depth));
                if (open.Contains(node.Id)) Add(node.Children, depth + 1);
            }
        }

        int Total(CategoryNode node)
        {
            if ((uint)node.Id >= (uint)totals.Length) return 0;   // not in this tree's snapshot
            if (totals[node.Id] >= 0) return totals[node.Id];
            var total = (uint)node.Id < (uint)byCategory.Length ? byCategory[node.Id] : 0;
            foreach (var child in node.Children) total += Total(child);
            return totals[node.Id] = total;
        }
    }
}
