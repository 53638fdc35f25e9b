using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Facets;

/// <summary>Category pages read the in-memory facts: a sale or a move to another category shows on the next view.</summary>
public sealed class CategoryPageChangeTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = store.CreateClient();

    [Fact]
    public async Task A_sold_out_product_and_a_product_moved_to_another_category_show_at_once_on_category_pages()
    {
        var laptopsBefore = await _client.GetDocumentAsync("/categories/laptops");
        var phonesBefore = FacetPage.Total(await _client.GetDocumentAsync("/categories/smartphones"));
        var inStockBefore = InStock(laptopsBefore);

        int soldOut, moved;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var laptops = await db.Categories.SingleAsync(c => c.Slug == "laptops");
            var phones = await db.Categories.SingleAsync(c => c.Slug == "smartphones");
            var ids = await db.Products.Where(p => p.IsActive && p.CategoryId == laptops.Id && p.Stock > 0).OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            (soldOut, moved) = (ids[0], ids[1]);
            await db.Products.Where(p => p.Id == soldOut).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 0));
            await db.Products.Where(p => p.Id == moved).ExecuteUpdateAsync(s => s.SetProperty(p => p.CategoryId, phones.Id));
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products([soldOut, moved]));
        }

        var laptopsAfter = await _client.GetDocumentAsync("/categories/laptops");
        Assert.Equal(FacetPage.Total(laptopsBefore) - 1, FacetPage.Total(laptopsAfter));
        Assert.Equal(inStockBefore - 2, InStock(laptopsAfter));   // one sold out, one gone to phones
        Assert.Equal(phonesBefore + 1, FacetPage.Total(await _client.GetDocumentAsync("/categories/smartphones")));
        // Found on its new page by its own price (a one-cent range), and no longer on the old one.
        var (priceCents, brand) = await PriceAndBrandAsync(moved);
        var range = $"minPrice={Money.Plain(priceCents)}&maxPrice={Money.Plain(priceCents + 1)}&brand={brand}";
        Assert.Contains(moved, Html.ProductIds(await _client.GetDocumentAsync($"/categories/smartphones?{range}")));
        Assert.DoesNotContain(moved, Html.ProductIds(await _client.GetDocumentAsync($"/categories/laptops?{range}")));
        var electronics = await _client.GetDocumentAsync("/categories/electronics");
        Assert.Equal(FacetPage.Total(laptopsAfter), FacetPage.Counts(electronics, "category")["laptops"]);
    }

    private async Task<(long PriceCents, string Brand)> PriceAndBrandAsync(int id)
    {
        using var scope = store.Services.CreateScope();
        var row = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id)
            .Select(p => new { p.PriceCents, Brand = p.Brand!.Slug }).SingleAsync();
        return (row.PriceCents, row.Brand);
    }

    private static int InStock(AngleSharp.Dom.IDocument page) =>
        int.Parse(page.QuerySelector("a[data-facet=stock] .facet-count")!.TextContent.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
