using WebApp.Search;

namespace WebApp.Tests.Search;

/// <summary>
/// The kept lists' one-number keys order products exactly as the scan's <see cref="RankKey"/> does, ties included: a
/// category page's later pages (read off the lists) continue its first ones (ranked by the scan) with nothing repeated
/// or skipped.
/// </summary>
public sealed class ListingOrderKeyTests
{
    [Theory]
    [InlineData("price-asc")]
    [InlineData("price-desc")]
    [InlineData("newest")]
    [InlineData("rating")]
    [InlineData("relevance")]
    public void Keys_sort_products_as_the_scan_ranks_them(string sort)
    {
        var order = RankKey.OrderOf(WebApp.Catalog.ProductSort.Find(sort)!);
        var random = new Random(7);
        // Few distinct prices, times and ratings, so most products tie on the first key and the id decides.
        var facts = Enumerable.Range(1, 5_000).Select(id => (Id: id, Fact: new ProductFact(1, 1, 1, random.Next(0, 4) * 100, random.Next(0, 3),
            ProductFact.Score(random.Next(0, 11) / 2.0, 3), random.Next(0, 4), (uint)(1_700_000_000 + random.Next(0, 5))))).ToList();

        var byScan = facts.OrderBy(x => RankKey.For(order, x.Id, x.Fact, null, 0)).Select(x => x.Id).ToList();
        var kept = order is RankOrder.PriceAscending or RankOrder.PriceDescending ? RankOrder.PriceAscending : order == RankOrder.Newest ? RankOrder.Newest : RankOrder.Rating;
        var byKey = facts.OrderBy(x => ListingOrders.KeyOf(kept, x.Id, x.Fact)).Select(x => x.Id).ToList();
        if (order == RankOrder.PriceDescending) byKey.Reverse();

        Assert.Equal(byScan, byKey);
    }
}
