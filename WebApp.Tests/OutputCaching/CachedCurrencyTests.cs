using WebApp.Catalog;
using WebApp.Tests.Currency;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>Cached pages in the visitor's display currency: one copy per currency, and new exchange rates evict the converted ones.</summary>
public sealed class CachedCurrencyTests(DisplayCurrencyFixture fixture) : IClassFixture<DisplayCurrencyFixture>
{
    private static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var values) ? values.Single() : null;

    [Fact]
    public async Task A_currency_choice_never_leaks_to_another_visitor_and_new_rates_evict_only_converted_pages()
    {
        var store = fixture.Store;
        var department = (await store.CreateClient().GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        var url = department + "?maxPrice=92001";
        var euros = store.CreateClient();
        await CurrencyPages.ChooseAsync(euros, "EUR");
        var dollars = store.CreateClient();

        async Task<(string? Status, int Approximations)> VisitAsync(HttpClient client)
        {
            using var response = await client.GetAsync(url);
            return (CacheStatus(response), CurrencyPages.Approximations(await Html.GetDocumentAsync(response)).Count);
        }

        var (euroStatus, euroFigures) = await VisitAsync(euros);
        Assert.Equal("miss", euroStatus);
        Assert.True(euroFigures > 0);
        Assert.Equal(("miss", 0), await VisitAsync(dollars));
        Assert.Equal(("hit", euroFigures), await VisitAsync(euros));
        Assert.Equal(("hit", 0), await VisitAsync(dollars));
        // A forged currency cookie shares the store's own currency's copy.
        using var forged = await store.CreateClient().GetWithCookieAsync(url, CurrencyPages.CurrencyCookie + "=XXX");
        Assert.Equal("hit", CacheStatus(forged));
        Assert.Empty(CurrencyPages.Approximations(await Html.GetDocumentAsync(forged)));

        Assert.True(await store.RefreshAsync());

        Assert.Equal(("miss", euroFigures), await VisitAsync(euros));
        Assert.Equal(("hit", 0), await VisitAsync(dollars));
    }
}
