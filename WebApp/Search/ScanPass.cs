using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>One search's filters as plain values, so the loop that runs up to a million times a browse reads locals.</summary>
internal sealed class ScanPass
{
    // A category's products are scattered over the facts array (a department's are about one in eight), so each is a
    // likely cache miss the hardware prefetcher cannot predict; asking for the fact a few products ahead overlaps them.
    private const int PrefetchDistance = 12;

    private readonly bool[] _allowedCategories;
    private readonly bool _anyCategory;
    private readonly bool[] _allowedBrands;
    private readonly bool _anyBrand;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly bool _needStock;
    private readonly RankOrder _order;
    private readonly FieldRanking? _relevance;
    private readonly int _categorySlots;
    private readonly int _brandSlots;
    private readonly int _keep;

    public ScanPass(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, int maxBrandId, FieldRanking? relevance)
    {
        _categorySlots = categories.ById.Keys.DefaultIfEmpty().Max() + 1;
        _brandSlots = maxBrandId + 1;
        _keep = request.Page * request.PageSize;
        _allowedCategories = new bool[_categorySlots];
        foreach (var id in filter.CategoryIds ?? []) if ((uint)id < (uint)_allowedCategories.Length) _allowedCategories[id] = true;
        _anyCategory = filter.CategoryIds is null;
        _allowedBrands = new bool[_brandSlots];
        foreach (var id in filter.BrandIds ?? []) if ((uint)id < (uint)_allowedBrands.Length) _allowedBrands[id] = true;
        _anyBrand = filter.BrandIds is null;
        _minPrice = filter.Min ?? long.MinValue;
        _maxPrice = filter.Max ?? long.MaxValue;
        _needStock = filter.InStock;
        _order = RankKey.OrderOf(request.Sort);
        _relevance = relevance;
    }

    /// <summary>
    /// Candidates [from, to): ids from the array, or (no array) every id, newest first. Each facet is counted with every
    /// filter but its own (brands OR'ed among themselves would otherwise count only the chosen ones); categories are
    /// counted per product's own category and summed up the tree afterwards.
    /// </summary>
    public Tally Run(ProductFact[] all, bool[] active, int n, int[]? candidates, int from, int to)
    {
        var tally = new Tally(_categorySlots, _brandSlots, _keep);
        var (byCategory, byBrand, byBand) = (tally.ByCategory, tally.ByBrand, tally.ByBand);
        var (allowedCategories, allowedBrands) = (_allowedCategories, _allowedBrands);
        var (inStock, total) = (0, 0);
        for (var i = from; i < to; i++)
        {
            if (candidates is not null && i + PrefetchDistance < to) Prefetch(all, active, candidates[i + PrefetchDistance]);
            var id = candidates is null ? n - 1 - i : candidates[i];
            if ((uint)id >= (uint)n || !active[id]) continue;
            ref readonly var f = ref all[id];
            var category = _anyCategory || ((uint)f.CategoryId < (uint)allowedCategories.Length && allowedCategories[f.CategoryId]);
            var brand = _anyBrand || ((uint)f.BrandId < (uint)allowedBrands.Length && allowedBrands[f.BrandId]);
            var price = f.PriceCents >= _minPrice && f.PriceCents <= _maxPrice;
            var stock = !_needStock || f.Stock > 0;
            if (brand && price && stock && (uint)f.CategoryId < (uint)byCategory.Length) byCategory[f.CategoryId]++;
            if (!category) continue;
            if (price && stock && (uint)f.BrandId < (uint)byBrand.Length) byBrand[f.BrandId]++;
            if (brand && stock) byBand[PriceBand.IndexOf(f.PriceCents)]++;
            if (brand && price)
            {
                if (f.Stock > 0) inStock++;
                if (stock)
                {
                    total++;
                    tally.Best.Add(RankKey.For(_order, id, f, _relevance, i));
                }
            }
        }
        (tally.InStock, tally.Total) = (inStock, total);
        return tally;
    }

    private static unsafe void Prefetch(ProductFact[] all, bool[] active, int id)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || (uint)id >= (uint)all.Length || (uint)id >= (uint)active.Length) return;
        fixed (ProductFact* fact = &all[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(fact);
        fixed (bool* flag = &active[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(flag);
    }
}
