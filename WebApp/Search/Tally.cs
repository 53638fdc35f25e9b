namespace WebApp.Search;

/// <summary>What one pass over some candidates found: facet counts, the total and the best keys.</summary>
internal sealed class Tally(int categories, int brands, int keep)
{
    public readonly int[] ByCategory = new int[categories];
    public readonly int[] ByBrand = new int[brands];
    public readonly int[] ByBand = new int[PriceBand.All.Count];
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
        Best.Merge(other.Best);
    }
}
