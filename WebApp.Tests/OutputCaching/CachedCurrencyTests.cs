using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task The_shortcut_for_gzipped_pages_keeps_currencies_apart_and_ends_with_new_rates()
    {
        var store = fixture.Store;
        var department = (await store.CreateClient().GetDocumentAsync("/")).QuerySelector("[data-testid=department-menu] a")!.GetAttribute("href")!;
        var url = department + "?maxPrice=92002";
        var euros = store.CreateClient();
        await CurrencyPages.ChooseAsync(euros, "EUR");
        var dollars = store.CreateClient();
        var shortcut = store.Services.GetRequiredService<PageShortcut>();

        async Task<(string? Status, int Approximations)> VisitAsync(HttpClient client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Accept-Encoding", "gzip");
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.Content.Headers.ContentEncoding.Contains("gzip"))
            {
                using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain);
                body = plain.ToArray();
            }
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(body));
            return (CacheStatus(response), CurrencyPages.Approximations(page).Count);
        }

        var (_, euroFigures) = await VisitAsync(euros);                 // rendered and stored
        Assert.True(euroFigures > 0);
        Assert.Equal(("hit", euroFigures), await VisitAsync(euros));    // from the cache, remembered
        var sent = shortcut.Sent;
        Assert.Equal(("hit", euroFigures), await VisitAsync(euros));    // from the shortcut
        Assert.Equal(sent + 1, shortcut.Sent);
        Assert.Equal("miss", (await VisitAsync(dollars)).Status);      // the euro page's address is not the dollar one's
        Assert.Equal(("hit", 0), await VisitAsync(dollars));
        Assert.Equal(("hit", 0), await VisitAsync(dollars));
        Assert.Equal(sent + 2, shortcut.Sent);

        Assert.True(await store.RefreshAsync());

        Assert.Equal(("miss", euroFigures), await VisitAsync(euros));
        Assert.Equal(("hit", 0), await VisitAsync(dollars));
        Assert.Equal(sent + 3, shortcut.Sent);
    }
}
