using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>The few numbers search filters, counts and sorts by, for one product.</summary>
// Auto layout lets the runtime put the two longs first: 40 bytes a product instead of 48 (8 MB less at 1M).
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct ProductFact(int CategoryId, int DepartmentId, int BrandId, long PriceCents, int Stock, float Rating, int RatingCount, long CreatedTicks)
{
    public static ProductFact Of(Product p) =>
        new(p.CategoryId, p.DepartmentId, p.BrandId, p.PriceCents, p.Stock, (float)p.RatingAverage, p.RatingCount, p.CreatedAt.Ticks);
}
