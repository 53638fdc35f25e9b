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

    private static List<string> PriceFacets(IDocument page) =>
        [.. page.QuerySelectorAll("a[data-facet=price]").Select(a => a.FirstChild!.TextContent.Trim())];
}
