using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>A small store for the output-cache tests, with the cache's own counters and a stock move as an order makes it.</summary>
public sealed class PageCacheStore : StoreFactory
{
    protected override int SeedProducts => 120;

    public CatalogPageCache Cache => Services.GetRequiredService<CatalogPageCache>();

    /// <summary>"hit" or "miss" on a shared page; null on a page rendered for one visitor.</summary>
    public static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var values) ? values.Single() : null;

    /// <summary>Stock moved outside change tracking and published as stock only, the way <c>Inventory</c> does for an order.</summary>
    public async Task SellStockAsync(int productId, int stock)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Products.Where(p => p.Id == productId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, stock));
        await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Stock([productId]));
    }

    /// <summary>A leaf category's listing URL: the first subcategory chip of the first department.</summary>
    public static async Task<(string Department, string Leaf)> ListingsAsync(HttpClient client)
    {
        var home = await client.GetDocumentAsync("/");
        var department = home.QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        var page = await client.GetDocumentAsync(department);
        var leaf = page.QuerySelector("nav[aria-label=Subcategories] a")!.GetAttribute("href")!;
        return (department, leaf);
    }
}
