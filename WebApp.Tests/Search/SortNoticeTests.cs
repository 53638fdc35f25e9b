using WebApp.Catalog;
using WebApp.Tests.Facets;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>A sort the list does not offer, or a page that is no number, is said, not silently replaced, on the search page, a category page and the API.</summary>
public sealed class SortNoticeTests(SearchStore store) : IClassFixture<SearchStore>
{
    private readonly HttpClient _client = store.CreateClient();

    [Fact]
    public async Task An_unknown_sort_or_page_is_named_with_what_is_shown_instead()
    {
        var plain = await _client.GetDocumentAsync("/search?q=zephyrine");
        var bogus = await _client.GetDocumentAsync("/search?q=zephyrine&sort=%3Cb%3Ebogus");
        Assert.Contains(FacetPage.Notices(bogus), n => n == "“<b>bogus” is not a sort this list offers, so it is sorted by best match.");
        Assert.Equal(FacetPage.Total(plain), FacetPage.Total(bogus));
        Assert.Null(bogus.QuerySelector(".alert-warning b"));

        // Best match needs words; a category page has none.
        var department = (await _client.GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        var category = await _client.GetDocumentAsync(department + "?sort=relevance");
        Assert.Contains(FacetPage.Notices(category), n => n.StartsWith("“relevance” is not a sort this list offers, so it is sorted by top rated", StringComparison.Ordinal));
        // A category page reads no words, so words in its address change neither its sorts nor its notices.
        var withWords = await _client.GetDocumentAsync(department + "?q=-lamp&sort=relevance");
        Assert.Equal(["“relevance” is not a sort this list offers, so it is sorted by top rated."], FacetPage.Notices(withWords));

        // Known sorts, the default spelled out among them, say nothing.
        foreach (var sort in ProductSort.WithoutWords)
        {
            Assert.Empty(FacetPage.Notices(await _client.GetDocumentAsync($"{department}?sort={sort.Key}")));
        }
        // In any letter case, as the other parameters (an outside review found PRICE-ASC refused).
        var upper = await _client.GetDocumentAsync($"{department}?sort=PRICE-ASC");
        Assert.Empty(FacetPage.Notices(upper));
        Assert.Equal("price-asc", upper.QuerySelector("#sort option[selected]")!.GetAttribute("value"));

        // A page that is no page number shows the first page and says so; a real one says nothing.
        foreach (var page in new[] { "abc", "0", "-2", "1.5", "1&page=2" })
        {
            var shown = await _client.GetDocumentAsync($"{department}?page={page}");
            var typed = page.Replace("&page=", ",", StringComparison.Ordinal);
            Assert.Contains(FacetPage.Notices(shown), n => n == $"“{typed}” is not a page number, so the first page is shown.");
            Assert.Equal("1", shown.QuerySelector(".pagination [aria-current=page]")?.TextContent.Trim() ?? "1");
        }
        Assert.Empty(FacetPage.Notices(await _client.GetDocumentAsync($"{department}?page=2")));
        // .NET reads "2\0" as 2; the store does not (found by an outside review), and quotes the NUL as browsers show it.
        var nul = await _client.GetDocumentAsync($"{department}?page=2%00");
        Assert.Contains(FacetPage.Notices(nul), n => n == "“2\uFFFD” is not a page number, so the first page is shown.");
        Assert.Contains(FacetPage.Notices(await _client.GetDocumentAsync("/search?q=zephyrine&page=x")), n => n.StartsWith("“x” is not a page number", StringComparison.Ordinal));

        using var api = await _client.GetAsync("/api/v1/products?q=zephyrine&sort=" + new string('x', 300));
        var json = System.Text.Json.JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(json.GetProperty("notices").EnumerateArray(), n => n.GetString() == $"“{new string('x', 40)}…” is not a sort this list offers, so it is sorted by best match.");
    }

    [Fact]
    public async Task Control_and_direction_characters_typed_are_not_echoed_in_the_heading()
    {
        // An outside review: a NUL showed as "�" and a right-to-left override turned the heading round.
        var page = await _client.GetDocumentAsync("/search?q=%00zephyrine%E2%80%AE%20lamp");

        Assert.Equal("zephyrine lamp", page.QuerySelector("[data-testid=query]")!.TextContent);
        Assert.StartsWith("Search: zephyrine lamp ·", page.Title, StringComparison.Ordinal);
        Assert.Equal("zephyrine lamp", page.QuerySelector("#site-search-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_stock_choice_that_is_no_choice_is_named_and_the_usual_spellings_filter()
    {
        var department = (await _client.GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        var all = FacetPage.Total(await _client.GetDocumentAsync(department));
        var inStock = FacetPage.Total(await _client.GetDocumentAsync($"{department}?inStock=true"));
        Assert.True(inStock < all, $"{inStock} of {all} in stock");

        foreach (var yes in new[] { "TRUE", "yes", "on", "1" })
        {
            var page = await _client.GetDocumentAsync($"{department}?inStock={yes}");
            Assert.Equal(inStock, FacetPage.Total(page));
            Assert.Empty(FacetPage.Notices(page));
        }
        Assert.Empty(FacetPage.Notices(await _client.GetDocumentAsync($"{department}?inStock=false")));
        // Found by an outside review: these showed every product and said nothing.
        foreach (var (asked, typed) in new[] { ("maybe", "maybe"), ("true&inStock=false", "true,false") })
        {
            var page = await _client.GetDocumentAsync($"{department}?inStock={asked}");
            Assert.Equal(all, FacetPage.Total(page));
            Assert.Contains(FacetPage.Notices(page), n => n == $"“{typed}” is not a stock choice, so products in and out of stock are shown.");
        }
    }

    [Fact]
    public async Task A_search_page_past_the_last_is_a_404_that_leads_back_and_is_never_stored()
    {
        // Found by an outside review: it was a 200, stored from its third request, one page kept per invented number.
        for (var i = 0; i < 3; i++)
        {
            using var response = await _client.GetAsync("/search?q=zephyrine&page=900");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            Assert.False(response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var status) && status.Single() == "hit");
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal("There is no page 900 here", page.QuerySelector(".empty-results h2")?.TextContent.Trim());
            Assert.Matches(@"^These results fill \d+ pages?\.$", page.QuerySelector(".empty-results p")!.TextContent.Trim());
            Assert.Equal("/search?q=zephyrine", page.QuerySelector(".empty-results a")?.GetAttribute("href"));
        }

        // A listing of several pages also offers its last one, which is a real page.
        var many = await _client.GetDocumentAsync("/search?sort=newest&page=9000");
        Assert.Equal("There is no page 9,000 here", many.QuerySelector("[data-testid=past-the-end]")!.TextContent);
        // Past the deepest page a listing allows, the number asked for, not the one it was read as.
        Assert.Equal("There is no page 10,001 here", (await _client.GetDocumentAsync("/search?sort=newest&page=010001")).QuerySelector("[data-testid=past-the-end]")!.TextContent);
        var links = many.QuerySelectorAll(".empty-results a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        Assert.Equal("/search?sort=newest", links[0]);
        Assert.StartsWith("/search?sort=newest&page=", links[1], StringComparison.Ordinal);
        var last = await _client.GetDocumentAsync(links[1]);
        Assert.NotEmpty(Html.ProductIds(last.QuerySelector("main")!));
        Assert.Null(last.QuerySelector("a[rel=next]"));
    }

    [Fact]
    public async Task A_search_page_number_past_any_page_or_a_later_page_of_nothing_is_a_404_as_on_a_category_page()
    {
        // Found by an outside review: 99999999999999999999 was "not a page number" on the search page (200, page 1
        // shown) and a page past the end on a category page (404); page 2 of a search that found nothing was a 200.
        var (department, _) = await WebApp.Tests.OutputCaching.PageCacheStore.ListingsAsync(_client);
        foreach (var url in new[] { "/search?q=zephyrine&page=99999999999999999999", department + "?page=99999999999999999999" })
        {
            using var response = await _client.GetAsync(url);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal("There is no such page here", page.QuerySelector(".empty-results h2")?.TextContent.Trim());
            Assert.Empty(Html.ProductIds(page.QuerySelector("main")!));
            Assert.DoesNotContain(FacetPage.Notices(page), n => n.Contains("not a page number", StringComparison.Ordinal));
        }
        using var nothing = await _client.GetAsync("/search?q=zzzzqqxv&page=2");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, nothing.StatusCode);
        using var firstOfNothing = await _client.GetAsync("/search?q=zzzzqqxv");
        Assert.Equal(System.Net.HttpStatusCode.OK, firstOfNothing.StatusCode);
        // Nothing found, nothing to sort.
        Assert.Null(new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await firstOfNothing.Content.ReadAsStringAsync()).QuerySelector("#sort"));
        Assert.NotNull((await _client.GetDocumentAsync("/search?q=zephyrine")).QuerySelector("#sort"));
    }
}
