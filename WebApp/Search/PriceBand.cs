namespace WebApp.Search;

/// <summary>A price facet: products from <see cref="Min"/> up to, not including, <see cref="Max"/> (cents). The page words it.</summary>
public sealed record PriceBand(string Key, long? Min, long? Max)
{
    /// <summary>
    /// The band's top as a shopper's maximum price, which includes itself ("Max $40.99" shows a $40.99 product): a cent
    /// below <see cref="Max"/>, so the band's link shows exactly the products its count counted.
    /// </summary>
    public long? MaxPrice => Max - 1;

    /// <summary>The band whose link is this price range, if any.</summary>
    public static PriceBand? Of(long? minPrice, long? maxPrice) => All.FirstOrDefault(b => b.Min == minPrice && b.MaxPrice == maxPrice);

    public static readonly IReadOnlyList<PriceBand> All =
    [
        new("0-25", null, 2_500),
        new("25-50", 2_500, 5_000),
        new("50-100", 5_000, 10_000),
        new("100-250", 10_000, 25_000),
        new("250-500", 25_000, 50_000),
        new("500-", 50_000, null),
    ];

    private static readonly long[] s_floors = [.. All.Select(b => b.Min ?? long.MinValue)];

    /// <summary>The index in <see cref="All"/> of the band <paramref name="price"/> falls in.</summary>
    public static int IndexOf(long price)
    {
        // Counted without a branch per band: a scan calls this for every product, and prices are in no order.
        var floors = s_floors;
        var index = 0;
        for (var i = 1; i < floors.Length; i++) index += price >= floors[i] ? 1 : 0;
        return index;
    }
}
