using AngleSharp.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

public sealed class ParallelScanTests(ParallelScanStore parallel) : IClassFixture<ParallelScanStore>, IDisposable
{
    // The generator is deterministic, so a second store of the same size holds the same products.
    private readonly StoreFactory _serial = new();

    public void Dispose() => _serial.Dispose();

    [Theory]
    [InlineData("/search?category=electronics")]
    [InlineData("/search?category=electronics&sort=price-asc&page=3")]
    [InlineData("/search?category=laptops&minPrice=100&maxPrice=900&inStock=true")]
    [InlineData("/search?sort=newest&page=2")]
    [InlineData("/search?q=wireless&sort=rating")]
    [InlineData("/search?category=home-kitchen&sort=price-desc")]
    public async Task A_split_scan_gives_exactly_the_answer_of_a_single_one(string url)
    {
        var serial = await _serial.CreateClient().GetDocumentAsync(url);
        var split = await parallel.CreateClient().GetDocumentAsync(url);

        Assert.Equal(Html.ProductIds(serial), Html.ProductIds(split));
        Assert.NotEmpty(Html.ProductIds(split));
        Assert.Equal(Text(serial, "#result-count"), Text(split, "#result-count"));
        Assert.Equal(Facets(serial), Facets(split));
    }

    private static string Text(IDocument page, string selector) => page.QuerySelector(selector)?.TextContent.Trim() ?? "";

    private static List<string> Facets(IDocument page) =>
        [.. page.QuerySelectorAll("a[data-facet]").Select(a => $"{a.GetAttribute("data-facet")}:{a.TextContent.Trim()}")];
}
