using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>
/// Later pages are ranked ten at a time (a category page's: all of them at once) and cached once: every page still shows
/// exactly its own products.
/// </summary>
public sealed class DeepPageTests(SearchStore store) : IClassFixture<SearchStore>
{
    private readonly HttpClient _client = store.CreateClient();

    private Task<List<int>> IdsAsync(string query) => ProductApi.IdsAsync(_client, query);

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

/// <summary>A store with listings long enough to page past page 50.</summary>
public sealed class DeepListingStore : StoreFactory
{
    protected override int SeedProducts => 16_000;
}

/// <summary>
/// A category page past page 3 is read off the category's kept orders (<see cref="ListingOrders"/>), with the counts of
/// its filters computed once for every later page and sort: every page shows what the search for that category shows.
/// </summary>
public sealed class DeepCategoryPageTests(DeepListingStore store) : IClassFixture<DeepListingStore>
{
    private readonly HttpClient _client = store.CreateClient();

    private Task<List<int>> IdsAsync(string query) => ProductApi.IdsAsync(_client, query);

    private Task<int> TotalAsync(string query) => ProductApi.TotalAsync(_client, query);

    [Theory]
    [InlineData("sort=price-asc")]
    [InlineData("sort=newest&inStock=true")]
    [InlineData("sort=rating")]
    [InlineData("sort=price-desc&minPrice=5&maxPrice=400")]
    public async Task Deep_pages_of_a_category_page_show_what_the_search_for_that_category_shows_and_are_computed_once(string query)
    {
        // The department with the most products, so it has pages past 50 to slice.
        var departments = (await _client.GetDocumentAsync("/")).QuerySelectorAll("[data-testid=department-menu] a").Select(a => a.GetAttribute("href")!).ToList();
        var counted = new List<(string Url, int Count)>();
        foreach (var url in departments) counted.Add((url, await TotalAsync($"{query}&category={url.Split('/')[^1]}")));
        var (department, count) = counted.MaxBy(d => d.Count);
        var pages = (count + 23) / 24;
        Assert.True(pages >= 53, $"{department} has {count} products");

        var searched = new List<int>();
        for (var page = 1; searched.Count < count; page++)
        {
            var ids = await IdsAsync($"{query}&category={department.Split('/')[^1]}&pageSize=100&page={page}");
            Assert.NotEmpty(ids);
            searched.AddRange(ids);
        }
        Assert.Equal(count, searched.Distinct().Count());

        var timings = new Dictionary<int, string>();
        int[] asked = [1, 3, 4, 50, 51, 52, 53, pages - 1, pages];
        foreach (var page in asked)
        {
            using var response = await _client.GetAsync($"{department}?{query}&page={page}");
            response.EnsureSuccessStatusCode();
            timings[page] = string.Join(",", response.Headers.GetValues("Server-Timing")).Split(',')[0];
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal(searched.Skip((page - 1) * 24).Take(24), Html.ProductIds(document));
        }
        using var past = await _client.GetAsync($"{department}?{query}&page={pages + 1}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, past.StatusCode);

        // Page 4 counted the listing (unless another sort of the same filters had: the counts are theirs too); every
        // page after it, to the last, used those counts.
        Assert.All(asked.Where(p => p > 4), p => Assert.Contains("desc=\"hit\"", timings[p], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_price_change_moves_a_product_on_the_deep_pages_of_its_category_and_department_at_once()
    {
        // Past page 3, pages are read off kept sorted lists: a change must reach them on the next view, not when
        // something else happens to rebuild them.
        const string leaf = "/categories/laptops?sort=price-asc";
        var before = Html.ProductIds(await _client.GetDocumentAsync($"{leaf}&page=5"));
        var moved = before[0];
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Products.Where(p => p.Id == moved).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceCents, ProductDraft.MaxPriceCents));
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products([moved]));
        }

        var after = Html.ProductIds(await _client.GetDocumentAsync($"{leaf}&page=5"));
        Assert.DoesNotContain(moved, after);
        Assert.Equal(before.Skip(1), after.Take(23));
        foreach (var listing in new[] { leaf, "/categories/electronics?sort=price-asc" })
        {
            var total = await TotalAsync($"sort=price-asc&category={listing.Split('?')[0].Split('/')[^1]}");
            var last = Html.ProductIds(await _client.GetDocumentAsync($"{listing}&page={(total + 23) / 24}"));
            Assert.Equal(moved, last[^1]);
        }
    }

    [Fact]
    public async Task Deep_pages_asked_for_together_right_after_a_change_all_show_the_changed_order()
    {
        // Every request that finds a list out of date after a change wants the same sort; one sorts and the rest take
        // its list. Each of them must show the order after the change, whichever sorted.
        const string listing = "/categories/electronics?sort=newest";
        var before = Html.ProductIds(await _client.GetDocumentAsync($"{listing}&page=6"));
        var removed = before[5];
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Products.Where(p => p.Id == removed).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products([removed]));
        }

        var clients = Enumerable.Range(0, 16).Select(_ => store.CreateClient()).ToList();
        var pages = await Task.WhenAll(clients.Select(async (client, i) =>
            Html.ProductIds(await client.GetDocumentAsync($"{listing}&page={6 + i % 2}"))));
        List<int> searched = [.. await IdsAsync("category=electronics&sort=newest&page=6"), .. await IdsAsync("category=electronics&sort=newest&page=7")];
        Assert.Equal(before.Where(id => id != removed), searched.Take(23));
        Assert.All(pages.Where((_, i) => i % 2 == 0), ids => Assert.Equal(searched.Take(24), ids));
        Assert.All(pages.Where((_, i) => i % 2 == 1), ids => Assert.Equal(searched.Skip(24), ids));
    }

    [Fact]
    public async Task A_category_page_past_page_3_is_stored_when_asked_for_again_and_the_first_three_at_once()
    {
        var department = (await _client.GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        async Task<string?> StatusAsync(int page)
        {
            // A price no other test asks for: this test's own pages.
            using var response = await store.CreateClient().GetAsync($"{department}?sort=rating&maxPrice=97013&page={page}");
            response.EnsureSuccessStatusCode();
            return response.Headers.TryGetValues(WebApp.Catalog.CatalogPageCache.StatusHeader, out var values) ? values.Single() : null;
        }

        Assert.Equal(("miss", "hit"), (await StatusAsync(3), await StatusAsync(3)));
        Assert.Equal(("miss", "miss", "hit"), (await StatusAsync(4), await StatusAsync(4), await StatusAsync(4)));
    }
}

/// <summary>The JSON API's product list, as the pages are checked against it.</summary>
file static class ProductApi
{
    private static async Task<JsonElement> GetAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/products?" + query);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static async Task<List<int>> IdsAsync(HttpClient client, string query) =>
        [.. (await GetAsync(client, query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];

    public static async Task<int> TotalAsync(HttpClient client, string query) => (await GetAsync(client, query)).GetProperty("total").GetInt32();
}

/// <summary>A store whose kept lists may hold only a few hundred ids together: most are dropped and sorted again.</summary>
public sealed class SmallListBudgetStore : StoreFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:ListingOrderIds", "400");
    }
}

/// <summary>
/// The kept lists stay within <c>Search:ListingOrderIds</c> (a store with more departments and sorts browsed deep than
/// fit drops the list read longest ago), and a dropped list is sorted again, so every page stays right.
/// </summary>
public sealed class ListingOrderBudgetTests(SmallListBudgetStore store) : IClassFixture<SmallListBudgetStore>
{
    [Fact]
    public async Task Past_the_budget_lists_are_dropped_and_pages_stay_what_the_search_shows()
    {
        var client = store.CreateClient();
        var departments = (await client.GetDocumentAsync("/")).QuerySelectorAll("[data-testid=department-menu] a").Select(a => a.GetAttribute("href")!).ToList();
        var orders = store.Services.GetRequiredService<ListingOrders>();
        var largest = 0;
        for (var round = 0; round < 2; round++)
        {
            foreach (var department in departments)
            {
                foreach (var sort in new[] { "price-asc", "newest", "rating" })
                {
                    var slug = department.Split('/')[^1];
                    var total = await ProductApi.TotalAsync(client, $"category={slug}&sort={sort}");
                    if (total <= 72) continue;
                    largest = Math.Max(largest, total);
                    var expected = await ProductApi.IdsAsync(client, $"category={slug}&sort={sort}&page=4");
                    Assert.Equal(expected, Html.ProductIds(await client.GetDocumentAsync($"{department}?sort={sort}&page=4&round={round}")));
                    // Within the budget, but for the list just sorted (never dropped as it is handed out).
                    Assert.True(orders.Held.Ids <= 400 + largest, $"{orders.Held.Ids} ids held");
                }
            }
        }
        Assert.True(largest > 0, "no department has a page 4");
    }
}
