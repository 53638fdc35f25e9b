using Microsoft.Playwright;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Currency;

[Collection(BrowserTestsRunAlone.Name)]
public sealed class CurrencyBrowserTests(RatesBrowserStore store) : IClassFixture<RatesBrowserStore>
{
    private static readonly int[] Widths = [1280, 390];

    [BrowserFact]
    public async Task Shopper_picks_euros_in_the_header_and_sees_approximate_prices_then_goes_back_to_dollars()
    {
        await WaitForRatesAsync();
        var page = await store.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal(0, await page.Locator("[data-testid=price-approx]").CountAsync());

        await page.GetByLabel("Display currency").SelectOptionAsync("EUR");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show prices in this currency" }).ClickAsync();
        await page.Locator("[data-testid=price-approx]").First.WaitForAsync();

        Assert.Equal(store.BaseUrl + "/", page.Url);
        Assert.StartsWith("≈\u00A0", await page.Locator(".product-card [data-testid=price-approx]").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("€", await page.Locator(".product-card [data-testid=price-approx]").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, "currency-home-eur.png") });

        await page.Locator(".product-card-link").First.ClickAsync();
        await page.ArrivedAtAsync("**/products/**");
        Assert.Contains("you pay in USD", await page.Locator("[data-testid=price]").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, "currency-product-eur.png") });

        // Another page, a later visit: the cookie remembers; choosing dollars again takes the figures away.
        await page.GotoAsync("/search?q=a");
        Assert.Equal("EUR", await page.GetByLabel("Display currency").InputValueAsync());
        await page.GetByLabel("Display currency").SelectOptionAsync("USD");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show prices in this currency" }).ClickAsync();
        await page.ArrivedAtAsync("**/search?q=a");
        Assert.Equal(0, await page.Locator("[data-testid=price-approx]").CountAsync());
    }

    [BrowserFact]
    public async Task Pages_with_the_picker_and_approximate_prices_pass_axe_and_fit_a_phone()
    {
        await WaitForRatesAsync();
        var failures = new List<string>();
        foreach (var width in Widths)
        {
            var page = await store.NewPageAsync(width, bypassCsp: true);
            await page.Context.AddCookiesAsync([new Cookie { Name = CurrencyPages.CurrencyCookie, Value = "EUR", Url = store.BaseUrl }]);
            // What this feature adds to each page: the picker, the approximate prices, the /currency page. (The rest of
            // each page is other features' to check.)
            foreach (var (path, parts) in new[]
            {
                ("/", new[] { "header .currency-picker", ".product-card .price" }),
                ("/products/1", new[] { "[data-testid=price]" }),
                ("/search?q=a", new[] { ".product-card .price" }),
                ("/currency", new[] { "main" }),
            })
            {
                await page.GotoAsync(path);
                foreach (var part in parts)
                {
                    failures.AddRange((await Axe.SeriousViolationsAsync(page.Locator(part).First)).Select(v => $"{path} {part} at {width}px: {v}"));
                }
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0) failures.Add($"{path} at {width}px scrolls sideways by {overflow}px");
            }
            // A currency the service has no rate for: the header's note must be readable too.
            await page.Context.AddCookiesAsync([new Cookie { Name = CurrencyPages.CurrencyCookie, Value = "SEK", Url = store.BaseUrl }]);
            await page.GotoAsync("/");
            await page.Locator("header [data-testid=rates-unavailable]").WaitForAsync();
            failures.AddRange((await Axe.SeriousViolationsAsync(page.Locator("header .currency-picker"))).Select(v => $"rates note at {width}px: {v}"));
            if (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") > 0) failures.Add($"rates note at {width}px scrolls sideways");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, $"currency-rates-missing-{width}.png") });
            await page.Context.AddCookiesAsync([new Cookie { Name = CurrencyPages.CurrencyCookie, Value = "EUR", Url = store.BaseUrl }]);
            await page.GotoAsync("/");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, $"currency-header-{width}.png") });
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task WaitForRatesAsync()
    {
        for (var i = 0; i < 300 && store.Services.GetService(typeof(WebApp.Currency.ExchangeRates)) is WebApp.Currency.ExchangeRates { Usable: null }; i++)
        {
            await Task.Delay(100);
        }
    }
}
