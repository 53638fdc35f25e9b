using System.Net.Http.Json;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Catalog;

/// <summary>Writes that bypass EF change tracking reach every page once published through <see cref="ICatalogChanges"/>.</summary>
public sealed class CatalogChangeTests(SearchStore store) : IClassFixture<SearchStore>
{
    private readonly HttpClient _client = store.CreateClient();

    [Fact]
    public async Task A_published_set_based_edit_shows_at_once_in_search_facets_and_category_pages()
    {
        var (aurora, harbour) = (store.Known["aurora"], store.Known["harbour"]);
        // Warm every cache first: the answers, the match lists and the tiles.
        Assert.Contains(aurora, Html.ProductIds(await _client.GetDocumentAsync("/search?q=zephyrine")));
        Assert.Equal(["$25 to $50"], PriceFacets(await _client.GetDocumentAsync("/search?q=zephyrine+aurora")));
        var lightingBefore = Html.ResultCount(await _client.GetDocumentAsync("/search?category=lighting"));
        var category = await _client.GetDocumentAsync("/categories/lighting?sort=newest");
        Assert.Contains(aurora, Html.ProductIds(category));
        Assert.Contains(harbour, Html.ProductIds(category));

        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Products.Where(p => p.Id == aurora)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Quillwort Aurora Lamp").SetProperty(p => p.PriceCents, 60_000));
            await db.Products.Where(p => p.Id == harbour).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products([aurora, harbour]));
        }

        var renamed = await _client.GetDocumentAsync("/search?q=quillwort");
        Assert.Equal([aurora], Html.ProductIds(renamed));
        Assert.Equal(["$500 and above"], PriceFacets(renamed));
        Assert.DoesNotContain(aurora, Html.ProductIds(await _client.GetDocumentAsync("/search?q=zephyrine")));
        Assert.DoesNotContain(harbour, Html.ProductIds(await _client.GetDocumentAsync("/search?q=harbour")));
        Assert.Equal(lightingBefore - 1, Html.ResultCount(await _client.GetDocumentAsync("/search?category=lighting")));

        category = await _client.GetDocumentAsync("/categories/lighting?sort=newest");
        Assert.DoesNotContain(harbour, Html.ProductIds(category));
        var tile = category.QuerySelectorAll(".product-card").Single(card => Html.ProductIds(card).Contains(aurora));
        Assert.Equal("Quillwort Aurora Lamp", tile.QuerySelector(".product-card-name")!.TextContent);
        Assert.Equal(Money.Format(60_000), tile.QuerySelector(".price")!.TextContent);
    }

    [Fact]
    public async Task A_save_inside_a_transaction_reaches_the_store_at_its_commit_and_never_if_it_rolls_back()
    {
        int id;
        string sku;
        long price;
        using (var scope = store.Services.CreateScope())
        {
            var row = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.AsNoTracking()
                .Where(p => p.IsActive).OrderByDescending(p => p.Id).Select(p => new { p.Id, p.Sku, p.PriceCents }).FirstAsync();
            (id, sku, price) = (row.Id, row.Sku, row.PriceCents);
        }
        Assert.Equal(Money.Format(price), await TilePriceAsync(id, sku));

        await SavePriceAsync(id, price + 12_345, commit: false);
        Assert.Equal(Money.Format(price), await TilePriceAsync(id, sku));

        await SavePriceAsync(id, price + 12_345, commit: true);
        Assert.Equal(Money.Format(price + 12_345), await TilePriceAsync(id, sku));
    }

    private async Task SavePriceAsync(int id, long priceCents, bool commit)
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var product = await db.Products.SingleAsync(p => p.Id == id);
        product.PriceCents = priceCents;
        await db.SaveChangesAsync();
        if (commit) await transaction.CommitAsync();
        else await transaction.RollbackAsync();
    }

    // A search tile's price comes from the in-memory facts, which only a published change updates. The search page
    // sends an exact SKU straight to the product page, so the tile is read where a SKU search still lists it: the API.
    private async Task<string> TilePriceAsync(int id, string sku)
    {
        var list = await _client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/products?q=" + Uri.EscapeDataString(sku));
        return list.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetInt32() == id).GetProperty("price").GetString()!;
    }

    private static List<string> PriceFacets(IDocument page) =>
        [.. page.QuerySelectorAll("a[data-facet=price]").Select(a => a.TextContent.Replace(a.QuerySelector(".facet-count")!.TextContent, "", StringComparison.Ordinal).Trim())];
}
