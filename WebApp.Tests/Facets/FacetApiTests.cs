using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Api;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Facets;

/// <summary>The JSON API takes repeated brands and categories as the search page does, and its document says so.</summary>
public sealed class FacetApiTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task Repeated_brands_and_categories_in_the_api_are_the_search_pages_choice()
    {
        List<string> brands;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            brands = await db.Products.Where(p => p.IsActive).GroupBy(p => p.Brand!.Slug).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).Take(2).ToListAsync();
        }
        var query = $"brand={brands[1]}&brand={brands[0]}&brand={brands[1]}&sort=price-asc";
        var client = store.AppClient();

        var list = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/products?" + query), HttpStatusCode.OK);
        var page = await client.GetDocumentAsync("/search?" + query);

        int expected;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            expected = await db.Products.CountAsync(p => p.IsActive && brands.Contains(p.Brand!.Slug));
        }
        Assert.Equal(expected, list.GetProperty("total").GetInt32());
        Assert.Equal(page.QuerySelectorAll(".product-card-link").Select(e => e.GetAttribute("href")),
            list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task An_unknown_brand_in_the_api_is_left_out_and_named_in_the_notices()
    {
        var list = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/api/v1/products?brand=no-such-brand&category=nowhere"), HttpStatusCode.OK);

        var notices = list.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        Assert.Contains(notices, n => n.Contains("no-such-brand", StringComparison.Ordinal));
        Assert.Contains(notices, n => n.Contains("nowhere", StringComparison.Ordinal));
        Assert.True(list.GetProperty("total").GetInt32() > 0);
    }

    [Fact]
    public async Task The_api_document_says_brand_and_category_may_repeat()
    {
        var document = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        var products = document.GetProperty("paths").GetProperty("/api/v1/products").GetProperty("get");
        Assert.Contains("brand=a&brand=b", products.GetProperty("description").GetString(), StringComparison.Ordinal);
        foreach (var name in new[] { "brand", "category" })
        {
            var parameter = products.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);
            Assert.Equal("array", parameter.GetProperty("schema").GetProperty("type").ToString());
            // Form style, exploded (name=a&name=b): OpenAPI's default for query parameters, so the document may leave it out.
            Assert.True(!parameter.TryGetProperty("style", out var style) || style.GetString() == "form");
            Assert.True(!parameter.TryGetProperty("explode", out var explode) || explode.GetBoolean());
        }
    }
}
