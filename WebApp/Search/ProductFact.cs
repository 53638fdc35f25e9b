using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>The few numbers search filters, counts and sorts by, for one product.</summary>
/// <remarks>
/// Eight 4-byte fields, 32 bytes a product (32 MB at 1M): the scans that filter and count are bound by memory reads,
/// and a fact is a random read per candidate. The price fits an int (the store caps it at
/// <see cref="ProductDraft.MaxPriceCents"/>; anything larger written around it is held as int.MaxValue), and the
/// creation time is whole seconds since 1970 (to 2106), which is all "newest first" needs: products created in the
/// same second fall back to the newer id first, as they do for any tie.
/// </remarks>
public readonly record struct ProductFact(int CategoryId, int DepartmentId, int BrandId, int PriceCents, int Stock, int RatingScore, int RatingCount, uint CreatedSeconds)
{
    public static ProductFact Of(Product p) =>
        new(p.CategoryId, p.DepartmentId, p.BrandId, Price(p.PriceCents), p.Stock, Score(p.RatingAverage, p.RatingCount), p.RatingCount, Seconds(p.CreatedAt.Ticks - DateTime.UnixEpoch.Ticks));

    /// <summary>
    /// "Top rated"'s measure, in thousandths of a star: the average pulled toward the scale's middle (3 stars) with the
    /// weight of <see cref="PriorReviews"/> reviews, so a product's first review moves it a little and many move it far.
    /// One 5-star review scores 3.333, 81 averaging 4.7 score 4.601: the plain average put the single review first.
    /// Unrated products score 0, after every rated one: a shopper asking for the best rated expects rated products.
    /// Worked out once per product, when its facts are read, not per candidate in a scan.
    /// </summary>
    public static int Score(double average, int count) => count <= 0 ? 0
        : (int)Math.Round((Math.Clamp(average, 0, 5) * count + PriorStars * PriorReviews) / (count + (double)PriorReviews) * 1000);

    internal const int PriorReviews = 5;
    internal const double PriorStars = 3;

    public static int Price(long cents) => (int)Math.Clamp(cents, 0, int.MaxValue);

    public static uint Seconds(long ticksSinceEpoch) => (uint)Math.Clamp(ticksSinceEpoch / TimeSpan.TicksPerSecond, 0, uint.MaxValue);
}
