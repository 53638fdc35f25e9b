using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

public sealed class ApiCatalogueTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Theory]
    [InlineData("q=wireless")]
    [InlineData("q=wireless&sort=price-asc&inStock=true")]
    [InlineData("category=electronics")]
    [InlineData("minPrice=10&maxPrice=50&sort=price-desc")]
    public async Task Products_are_the_search_pages_results_in_its_order(string query)
    {
        var client = store.AppClient();
        var list = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/products?" + query), HttpStatusCode.OK);
        var page = await client.GetDocumentAsync("/search?" + query);
        var pageUrls = page.QuerySelectorAll(".product-card-link").Select(e => e.GetAttribute("href")).ToList();
        var apiUrls = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()).ToList();
        Assert.NotEmpty(apiUrls);
        Assert.Equal(pageUrls, apiUrls);
        Assert.Equal(24, list.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task Page_size_is_the_clients_and_pages_link_to_each_other()
    {
        var client = store.AppClient();
        var first = await client.GetAsync("/api/v1/products?pageSize=5");
        var body = await ApiStore.JsonAsync(first, HttpStatusCode.OK);
        Assert.Equal(5, body.GetProperty("items").GetArrayLength());
        Assert.True(body.GetProperty("total").GetInt32() > 10);
        var next = body.GetProperty("links").GetProperty("next").GetString()!;
        Assert.Contains("rel=\"next\"", first.Headers.GetValues("Link").Single(), StringComparison.Ordinal);

        var second = await ApiStore.JsonAsync(await client.GetAsync(next), HttpStatusCode.OK);
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        var firstIds = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32());
        Assert.Empty(second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).Intersect(firstIds));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("page=-1", "page")]
    [InlineData("page=99999999999", "page")]
    public async Task Bad_paging_is_400_naming_the_parameter(string query, string field)
    {
        var problem = await ApiStore.ProblemAsync(await store.AppClient().GetAsync("/api/v1/products?" + query), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_bad_price_is_dropped_with_a_notice_as_on_the_search_page()
    {
        var list = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/api/v1/products?q=shirt&minPrice=cheap"), HttpStatusCode.OK);
        Assert.Contains(list.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("minimum price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_search_relaxed_to_any_word_says_so_as_the_page_does()
    {
        // Found by an outside review: the page said "showing results for any of the words", the API said nothing.
        var relaxed = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/api/v1/products?q=wireless+qqxxzzvv"), HttpStatusCode.OK);
        Assert.True(relaxed.GetProperty("total").GetInt32() > 0);
        Assert.Contains(relaxed.GetProperty("notices").EnumerateArray(), n => n.GetString() == "No product matches every word; these are results for any of the words.");

        var exact = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/api/v1/products?q=wireless"), HttpStatusCode.OK);
        Assert.True(exact.GetProperty("total").GetInt32() > 0);
        Assert.Empty(exact.GetProperty("notices").EnumerateArray());
    }

    [Fact]
    public async Task A_product_has_an_etag_and_an_unchanged_one_is_304()
    {
        var client = store.AppClient();
        var id = await store.ProductWithStockAsync(12, skip: 30);
        var first = await client.GetAsync($"/api/v1/products/{id}");
        var product = await ApiStore.JsonAsync(first, HttpStatusCode.OK);
        Assert.Equal(12, product.GetProperty("stock").GetInt32());
        var etag = first.Headers.ETag!;

        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/products/{id}");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        await store.SetProductAsync(id, 11);
        var changed = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/products/{id}");
        changed.Headers.IfNoneMatch.Add(etag);
        var fresh = await client.SendAsync(changed);
        Assert.Equal(11, (await ApiStore.JsonAsync(fresh, HttpStatusCode.OK)).GetProperty("stock").GetInt32());
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task Unknown_or_withdrawn_products_are_404()
    {
        var client = store.AppClient();
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/products/999999"), HttpStatusCode.NotFound);
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/products/abc"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Categories_are_the_menus_tree()
    {
        var tree = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/api/v1/categories"), HttpStatusCode.OK);
        Assert.True(tree.GetArrayLength() > 1);
        var department = tree[0];
        Assert.StartsWith("/categories/", department.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.True(department.GetProperty("children").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Json_lists_are_compressed_for_clients_that_ask()
    {
        var client = store.AppClient();
        client.DefaultRequestHeaders.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var response = await client.GetAsync("/api/v1/products?pageSize=100");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        await using var json = new System.IO.Compression.BrotliStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal(JsonValueKind.Object, (await JsonDocument.ParseAsync(json)).RootElement.ValueKind);
    }
}
