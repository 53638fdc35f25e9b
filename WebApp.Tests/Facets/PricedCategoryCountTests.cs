using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Facets;

/// <summary>
/// On a search-page browse of a category with a price range, every other category's count comes from sorted prices
/// kept per category rather than from the scan that finds the products: each count must be what choosing that category
/// shows, before and after prices change.
/// </summary>
public sealed class PricedCategoryCountTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private const string Range = "minPrice=100&maxPrice=900";
    private readonly HttpClient _client = store.CreateClient();

    [Fact]
    public async Task Each_category_count_in_a_price_range_is_what_choosing_that_category_shows()
    {
        await PricesSortedAsync();
        var counts = FacetPage.Counts(await _client.GetDocumentAsync($"/search?category=laptops&{Range}"), "category");
        Assert.True(counts.Count >= 3, "departments and electronics' categories are shown");
        Assert.Contains(counts, c => c.Value > 0);
        foreach (var (slug, count) in counts)
        {
            Assert.Equal(FacetPage.Total(await _client.GetDocumentAsync($"/search?category={slug}&{Range}")), count);
        }
    }

    [Fact]
    public async Task A_price_change_and_a_move_show_in_the_next_counts()
    {
        await PricesSortedAsync();
        var url = $"/search?category=smartphones&minPrice=100&maxPrice=899";
        var before = FacetPage.Counts(await _client.GetDocumentAsync(url), "category");

        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var laptops = await db.Categories.SingleAsync(c => c.Slug == "laptops");
            var cameras = await db.Categories.SingleAsync(c => c.Slug == "cameras");
            var inRange = await db.Products.Where(p => p.IsActive && p.CategoryId == laptops.Id && p.PriceCents >= 10_000 && p.PriceCents <= 89_900)
                .OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
            var (repriced, moved) = (inRange[0], inRange[1]);
            await db.Products.Where(p => p.Id == repriced).ExecuteUpdateAsync(s => s.SetProperty(p => p.PriceCents, 95_000));
            await db.Products.Where(p => p.Id == moved).ExecuteUpdateAsync(s => s.SetProperty(p => p.CategoryId, cameras.Id));
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products([repriced, moved]));
        }

        var after = FacetPage.Counts(await _client.GetDocumentAsync(url), "category");
        Assert.Equal(before["laptops"] - 2, after["laptops"]);
        Assert.Equal(before["cameras"] + 1, after["cameras"]);
        Assert.Equal(after["laptops"], FacetPage.Total(await _client.GetDocumentAsync("/search?category=laptops&minPrice=100&maxPrice=899")));
    }

    // Counts come from sorted prices only once every category's have been sorted in the background (a pass counts
    // until then), so each test waits for that before asking.
    private async Task PricesSortedAsync()
    {
        var facts = store.Services.GetRequiredService<ProductFacts>();
        for (var wait = 0; wait < 500 && !facts.TryCountPriced(0, 0, new int[1]); wait++) await Task.Delay(10);
        Assert.True(facts.AllPricesSorted);
    }
}
