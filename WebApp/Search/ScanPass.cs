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
    private readonly ulong _priceWidth;
    private readonly bool _needStock;
    private readonly RankOrder _order;
    private readonly FieldRanking? _relevance;
    private readonly int _categorySlots;
    private readonly int _brandSlots;
    private readonly int _keep;

    public ScanPass(SearchRequest request, SearchFilter filter, CategoryTree.Snapshot categories, int maxBrandId, FieldRanking? relevance)
    {
        _categorySlots = categories.IdSlots;
        _brandSlots = maxBrandId + 1;
        _keep = request.Page * request.PageSize;
        _allowedCategories = new bool[_categorySlots];
        foreach (var id in filter.CategoryIds ?? []) if ((uint)id < (uint)_allowedCategories.Length) _allowedCategories[id] = true;
        _anyCategory = filter.CategoryIds is null;
        _allowedBrands = new bool[_brandSlots];
        foreach (var id in filter.BrandIds ?? []) if ((uint)id < (uint)_allowedBrands.Length) _allowedBrands[id] = true;
        _anyBrand = filter.BrandIds is null;
        _minPrice = filter.Min ?? long.MinValue;
        _priceWidth = (ulong)((filter.Max ?? long.MaxValue) - _minPrice);
        _needStock = filter.InStock;
        _order = RankKey.OrderOf(request.Sort);
        _relevance = relevance;
    }

    /// <summary>
    /// Candidates [from, to): ids from the array, or (no array) every id, newest first. Each facet is counted with every
    /// filter but its own (brands OR'ed among themselves would otherwise count only the chosen ones); categories are
    /// counted per product's own category and summed up the tree afterwards, unless <paramref name="countCategories"/>
    /// is false (a <see cref="CountCategories"/> pass over every product did it).
    /// </summary>
    public Tally Run(ProductFact[] all, bool[] active, int n, int[]? candidates, int from, int to, bool countCategories = true)
    {
        var tally = new Tally(_categorySlots, _brandSlots, _keep);
        var (byCategory, byBrand, byBand) = (tally.ByCategory, tally.ByBrand, tally.ByBand);
        var (allowedCategories, allowedBrands) = (_allowedCategories, _allowedBrands);
        var (inStock, total) = (0, 0);
        var (anyCategory, anyBrand, needStock, minPrice, priceWidth) = (_anyCategory, _anyBrand, _needStock, _minPrice, _priceWidth);
        for (var i = from; i < to; i++)
        {
            if (candidates is not null && i + PrefetchDistance < to) Prefetch(all, active, candidates[i + PrefetchDistance]);
            var id = candidates is null ? n - 1 - i : candidates[i];
            if ((uint)id >= (uint)n || !active[id]) continue;
            ref readonly var f = ref all[id];
            var brand = anyBrand || ((uint)f.BrandId < (uint)allowedBrands.Length && allowedBrands[f.BrandId]);
            // One unsigned comparison for min <= price <= max (wrapping arithmetic), and the category count added
            // without a branch: on a browse of one category from the search page every product is counted here
            // and most go no further, and a branch on a random price mispredicted about once a product.
            var price = (ulong)(f.PriceCents - minPrice) <= priceWidth;
            var stock = !needStock || f.Stock > 0;
            if (countCategories && (uint)f.CategoryId < (uint)byCategory.Length) byCategory[f.CategoryId] += (brand & price & stock) ? 1 : 0;
            if (!anyCategory && !((uint)f.CategoryId < (uint)allowedCategories.Length && allowedCategories[f.CategoryId])) continue;
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

    /// <summary>
    /// Only the category facet's counts (every filter but the category one), over ids [from, to) of every product, newest
    /// first, into <paramref name="byCategory"/>. A search-page browse of chosen categories needs every product for this
    /// one count, but the rest (other facets, the page) only from the chosen categories' own products: this loop does
    /// about a third of the work per product of <see cref="Run"/>, and that one then reads only those products.
    /// </summary>
    public void CountCategories(ProductFact[] all, bool[] active, int n, int from, int to, int[] byCategory)
    {
        var allowedBrands = _allowedBrands;
        var (anyBrand, needStock, minPrice, priceWidth) = (_anyBrand, _needStock, _minPrice, _priceWidth);
        var facts = new ReadOnlySpan<ProductFact>(all, 0, n);
        var flags = new ReadOnlySpan<bool>(active, 0, n);
        for (var id = n - 1 - from; id > n - 1 - to; id--)
        {
            ref readonly var f = ref facts[id];
            var brand = anyBrand || ((uint)f.BrandId < (uint)allowedBrands.Length && allowedBrands[f.BrandId]);
            var counted = flags[id] & (ulong)(f.PriceCents - minPrice) <= priceWidth & (!needStock | f.Stock > 0) & brand;
            if ((uint)f.CategoryId < (uint)byCategory.Length) byCategory[f.CategoryId] += counted ? 1 : 0;
        }
    }

    /// <summary>
    /// Whether a product passes every filter: what <see cref="Run"/> applies beside its counts, for a walk down a kept
    /// list (<see cref="ListingOrders"/>), so a listing's pages and its counts never disagree on what a filter means.
    /// </summary>
    public bool Passes(in ProductFact f) =>
        (_anyBrand || ((uint)f.BrandId < (uint)_allowedBrands.Length && _allowedBrands[f.BrandId]))
        && (ulong)(f.PriceCents - _minPrice) <= _priceWidth && (!_needStock || f.Stock > 0)
        && (_anyCategory || ((uint)f.CategoryId < (uint)_allowedCategories.Length && _allowedCategories[f.CategoryId]));

    /// <summary>Slots for counts by category id, as <see cref="Run"/>'s tally has.</summary>
    public int CategorySlots => _categorySlots;

    private static unsafe void Prefetch(ProductFact[] all, bool[] active, int id)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported || (uint)id >= (uint)all.Length || (uint)id >= (uint)active.Length) return;
        fixed (ProductFact* fact = &all[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(fact);
        fixed (bool* flag = &active[id]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(flag);
    }
}
