using System.Text.Json;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>
/// Later pages are ranked ten at a time (a category page's: all of them at once) and cached once: every page still shows
/// exactly its own products.
/// </summary>
public sealed class DeepPageTests(SearchStore store) : IClassFixture<SearchStore>
{
    private readonly HttpClient _client = store.CreateClient();

    private async Task<List<int>> IdsAsync(string query)
    {
        using var response = await _client.GetAsync("/api/v1/products?" + query);
        response.EnsureSuccessStatusCode();
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    [Theory]
    [InlineData("sort=price-asc")]
    [InlineData("sort=newest&inStock=true")]
    [InlineData("sort=rating")]
    public async Task Pages_one_to_fourteen_are_the_same_products_as_three_pages_of_a_hundred(string query)
    {
        var byHundred = new List<int>();
        for (var page = 1; page <= 4; page++) byHundred.AddRange(await IdsAsync($"{query}&pageSize=100&page={page}"));
        Assert.Equal(400, byHundred.Count);
        Assert.Equal(byHundred.Count, byHundred.Distinct().Count());

        // Pages 1-3 come from one answer, 4-10 from another, 11-14 from a third.
        var byPage = new List<int>();
        for (var page = 1; page <= 14; page++)
        {
            var ids = await IdsAsync($"{query}&page={page}");
            Assert.Equal(24, ids.Count);
            byPage.AddRange(ids);
        }
        Assert.Equal(byHundred[..byPage.Count], byPage);
    }

    [Fact]
    public async Task A_later_page_of_a_listing_is_computed_once_for_the_ten_pages_around_it()
    {
        // Every product, the most expensive first (a browse without words, like a department page's).
        const string listing = "/search";
        string Timing(HttpResponseMessage r) => string.Join(",", r.Headers.GetValues("Server-Timing"));

        using var fifth = await _client.GetAsync($"{listing}?sort=price-desc&page=5");
        using var ninth = await _client.GetAsync($"{listing}?sort=price-desc&page=9");
        using var eleventh = await _client.GetAsync($"{listing}?sort=price-desc&page=11");
        Assert.All(new[] { fifth, ninth, eleventh }, r => Assert.Equal(System.Net.HttpStatusCode.OK, r.StatusCode));
        Assert.Contains("search;", Timing(fifth), StringComparison.Ordinal);
        Assert.Contains("desc=\"miss\"", Timing(fifth), StringComparison.Ordinal);
        Assert.Contains("desc=\"hit\"", Timing(ninth).Split(',')[0], StringComparison.Ordinal);
        Assert.Contains("desc=\"miss\"", Timing(eleventh).Split(',')[0], StringComparison.Ordinal);
    }
}

/// <summary>A store with listings long enough to page past ten pages.</summary>
public sealed class DeepListingStore : StoreFactory
{
    protected override int SeedProducts => 3_600;
}

/// <summary>
/// A category page past its first pages is a slice of one answer holding every id of the listing in order: every page
/// shows what the search for that category shows, and the whole listing is scanned once per sort and filters.
/// </summary>
public sealed class DeepCategoryPageTests(DeepListingStore store) : IClassFixture<DeepListingStore>
{
    private readonly HttpClient _client = store.CreateClient();

    private async Task<List<int>> IdsAsync(string query)
    {
        using var response = await _client.GetAsync("/api/v1/products?" + query);
        response.EnsureSuccessStatusCode();
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    private async Task<int> TotalAsync(string query)
    {
        using var response = await _client.GetAsync("/api/v1/products?" + query);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32();
    }

    [Theory]
    [InlineData("sort=price-asc")]
    [InlineData("sort=newest&inStock=true")]
    public async Task Every_page_of_a_category_page_shows_what_the_search_for_that_category_shows_and_later_ones_are_computed_once(string query)
    {
        // The department with the most pages, so it has later pages (past the first three) to slice.
        var departments = (await _client.GetDocumentAsync("/")).QuerySelectorAll("[data-testid=department-menu] a").Select(a => a.GetAttribute("href")!).ToList();
        var counted = new List<(string Url, int Count)>();
        foreach (var url in departments) counted.Add((url, await TotalAsync($"{query}&category={url.Split('/')[^1]}")));
        var (department, count) = counted.MaxBy(d => d.Count);
        var pages = (count + 23) / 24;
        Assert.True(pages >= 12, $"{department} has {count} products");

        var searched = new List<int>();
        for (var page = 1; searched.Count < count; page++)
        {
            var ids = await IdsAsync($"{query}&category={department.Split('/')[^1]}&pageSize=100&page={page}");
            Assert.NotEmpty(ids);
            searched.AddRange(ids);
        }

        var listed = new List<int>();
        var timings = new List<string>();
        for (var page = 1; page <= pages + 1; page++)
        {
            using var response = await _client.GetAsync($"{department}?{query}&page={page}");
            if (page > pages)
            {
                // Past the last page: not found, as before.
                Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
                break;
            }
            response.EnsureSuccessStatusCode();
            timings.Add(string.Join(",", response.Headers.GetValues("Server-Timing")));
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            var ids = Html.ProductIds(document);
            Assert.Equal(page < pages ? 24 : count - 24 * (pages - 1), ids.Count);
            listed.AddRange(ids);
        }

        Assert.Equal(searched, listed);
        // Page 4 computed every later page's answer; the pages after it (past page 10 too) were slices of it.
        Assert.Contains("desc=\"miss\"", timings[3].Split(',')[0], StringComparison.Ordinal);
        Assert.All(timings[4..], t => Assert.Contains("desc=\"hit\"", t.Split(',')[0], StringComparison.Ordinal));
    }
}
