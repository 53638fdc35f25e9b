using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>
/// Every sort of the admin list, over all products and each status, on every page: the pages read from the far end
/// and the ones walked from the near end both come out in the sort's order, ties broken by id.
/// </summary>
public sealed class AdminProductListOrderTests(AdminStore store) : IClassFixture<AdminStore>
{
    private async Task<T> DbAsync<T>(Func<StoreDbContext, Task<T>> read)
    {
        using var scope = store.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private static IQueryable<Product> Sorted(IQueryable<Product> products, string sort) => sort switch
    {
        "oldest" => products.OrderBy(p => p.Id),
        "name" => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        "price" => products.OrderBy(p => p.PriceCents).ThenBy(p => p.Id),
        "price-desc" => products.OrderByDescending(p => p.PriceCents).ThenByDescending(p => p.Id),
        "stock" => products.OrderBy(p => p.Stock).ThenBy(p => p.Id),
        _ => products.OrderByDescending(p => p.Id),
    };

    private static IQueryable<Product> Filtered(IQueryable<Product> products, string filter) => filter switch
    {
        "status=active" => products.Where(p => p.IsActive),
        "status=inactive" => products.Where(p => !p.IsActive),
        "stock=out" => products.Where(p => p.Stock == 0),
        _ => products,
    };

    /// <summary>Every third product inactive and every fifth out of stock, with names, prices and stock levels repeated, so ties need the id.</summary>
    private async Task MixTheCatalogueAsync()
    {
        var changed = await DbAsync(async db =>
        {
            var ids = await db.Products.Where(p => p.Id % 3 == 0 || p.Id % 5 == 0).Select(p => p.Id).ToListAsync();
            await db.Products.Where(p => p.Id % 3 == 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
            await db.Products.Where(p => p.Id % 5 == 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, 0));
            await db.Products.Where(p => p.Id % 7 == 0).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Same name").SetProperty(p => p.PriceCents, 1999));
            return ids.Union(await db.Products.Where(p => p.Id % 7 == 0).Select(p => p.Id).ToListAsync()).ToList();
        });
        await store.Services.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products(changed));
    }

    [Theory]
    [InlineData("newest", "")]
    [InlineData("oldest", "")]
    [InlineData("name", "")]
    [InlineData("price", "")]
    [InlineData("price-desc", "")]
    [InlineData("stock", "")]
    [InlineData("name", "status=active")]
    [InlineData("stock", "status=active")]
    [InlineData("price", "status=active")]
    [InlineData("newest", "status=inactive")]
    [InlineData("name", "status=inactive")]
    [InlineData("stock", "status=inactive")]
    [InlineData("price-desc", "status=inactive")]
    [InlineData("newest", "stock=out")]
    [InlineData("name", "stock=out")]
    public async Task Every_page_of_a_sort_lists_products_in_its_order(string sort, string filter)
    {
        await MixTheCatalogueAsync();
        var admin = await store.AdminClientAsync();
        var expected = await DbAsync(db => Sorted(Filtered(db.Products, filter), sort).Select(p => p.Id).ToListAsync());
        Assert.True(expected.Count > 50, "the case needs more than one page");

        var listed = new List<int>();
        for (var page = 1; page <= (expected.Count + 49) / 50; page++)
        {
            var document = await admin.GetDocumentAsync($"/admin/products?sort={sort}&{filter}&page={page}");
            listed.AddRange(document.QuerySelectorAll("tr[data-product-id]").Select(r => int.Parse(r.GetAttribute("data-product-id")!, CultureInfo.InvariantCulture)));
        }
        Assert.Equal(expected, listed);
    }
}
