using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>A product's place in a sort, as plain numbers so sorting a large result set compares structs, not lookups.</summary>
internal readonly record struct RankKey(double Primary, long Secondary, long Tie, int Id) : IComparable<RankKey>
{
    public int CompareTo(RankKey other)
    {
        var c = Primary.CompareTo(other.Primary);
        if (c == 0) c = Secondary.CompareTo(other.Secondary);
        return c != 0 ? c : Tie.CompareTo(other.Tie);
    }

    public static RankOrder OrderOf(ProductSort sort) =>
        sort == ProductSort.PriceAscending ? RankOrder.PriceAscending
        : sort == ProductSort.PriceDescending ? RankOrder.PriceDescending
        : sort == ProductSort.Newest ? RankOrder.Newest
        : sort == ProductSort.Rating ? RankOrder.Rating
        : RankOrder.Relevance;

    public static RankKey For(RankOrder order, int id, in ProductFact f, FieldRanking? relevance, int position)
    {
        // The weighted rating first, then how many rated it: also the tie-break for relevance.
        var popularity = -((long)f.RatingScore << 32 | (uint)f.RatingCount);
        return order switch
        {
            RankOrder.PriceAscending => new(f.PriceCents, 0, id, id),
            RankOrder.PriceDescending => new(-f.PriceCents, 0, -id, id),
            RankOrder.Newest => new(-(double)f.CreatedSeconds, 0, -id, id),
            RankOrder.Rating => new(0, popularity, -id, id),
            // Scores are negative, lower is better.
            _ => new(relevance?.Score(position, f) ?? 0, popularity, -id, id),
        };
    }
}
