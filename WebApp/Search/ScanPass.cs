using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>One search's filters as plain values, so the loop that runs up to a million times a browse reads locals.</summary>
internal sealed class ScanPass
{
    // A category's products are scattered over the facts array (a department's are about one in eight), so each is a
    // likely cache miss the hardware prefetcher cannot predict; asking for the fact a few products ahead overlaps them.
    private const int PrefetchDistance = 12;

    private readonly bool _departmentFacet;
    private readonly bool _leafFacet;
    private readonly int _department;
    private readonly bool[] _allowedCategories;
    private readonly bool _anyCategory;
    private readonly int _brandId;
    private readonly long _minPrice;
    private readonly long _maxPrice;
    private readonly bool _needStock;
    private readonly RankOrder _order;
    private readonly Dictionary<int, double>? _relevance;
    private readonly int _categorySlots;
    private readonly int _brandSlots;
    private readonly int _keep;

    public ScanPass(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, int maxBrandId, Dictionary<int, double>? relevance)
    {
        _categorySlots = categories.ById.Keys.DefaultIfEmpty().Max() + 1;
        _brandSlots = maxBrandId + 1;
        _keep = request.Page * request.PageSize;
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
        _order = RankKey.OrderOf(request.Sort);
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
            if (brand && stock) byBand[PriceBand.IndexOf(f.PriceCents)]++;
            if (brand && price)
            {
                if (f.Stock > 0) inStock++;
                if (stock)
                {
                    total++;
                    tally.Best.Add(RankKey.For(_order, id, f, _relevance));
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
