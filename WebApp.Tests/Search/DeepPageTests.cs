using System.Text.Json;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>Later pages are ranked ten at a time and cached once: every page still shows exactly its own products.</summary>
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
