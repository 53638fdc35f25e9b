using Microsoft.Playwright;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>A price typed in the search box, as a shopper meets it in a browser: suggested, read, said and removed.</summary>
[Collection(BrowserTestsRunAlone.Name)]
public sealed class PriceWordsBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    [BrowserFact]
    public async Task Shopper_types_a_price_picks_the_suggestion_sees_it_read_and_removes_it_at_1280_and_390_px()
    {
        var failures = new List<string>();
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            var context = await store.NewAxeContextAsync(width, height);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");

            var box = page.Locator("#site-search-q");
            await box.FillAsync("headphones under $100");
            var first = page.Locator("#search-suggestions [role=option]").First;
            await Assertions.Expect(first).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*Search for\s+headphones up to \$100\.00\s*$"));
            await box.PressAsync("ArrowDown");
            await box.PressAsync("Enter");
            await page.ArrivedAtAsync(url => url.EndsWith("/search?q=headphones&maxPrice=100", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator(".product-card").First).ToBeVisibleAsync();

            // Typed and sent with Enter, the words carry the price: the page says how it read them.
            await page.Locator("#site-search-q").FillAsync("headphones under $100");
            await page.Locator("#site-search-q").PressAsync("Enter");
            await page.ArrivedAtAsync(url => url.Contains("under", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=price-words]")).ToContainTextAsync("“under $100” was read as a price: up to $100.00.");
            failures.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"price read at {width}px: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) failures.Add($"price read at {width}px scrolls sideways by {overflow}px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, $"price-words-{width}.png") });

            // On a phone the filters are folded away; the chip that removes the price is in them.
            var chip = page.Locator("a[data-remove]", new PageLocatorOptions { HasText = "Up to $100.00" });
            if (!await chip.IsVisibleAsync()) await page.Locator("summary.filter-panel-button").ClickAsync();
            await chip.ClickAsync();
            await page.ArrivedAtAsync(url => url.EndsWith("/search?q=headphones", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=price-words]")).ToHaveCountAsync(0);
            await context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
