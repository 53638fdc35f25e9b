using Microsoft.Playwright;

namespace WebApp.Tests.Browser;

public sealed class StorefrontBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    [BrowserFact]
    public async Task Shopper_browses_from_home_to_a_category_to_a_product()
    {
        var page = await store.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400 || r.Headers.GetValueOrDefault("content-length") == "0") failures.Add($"{r.Status} {r.Url}"); };
        page.RequestFailed += (_, r) => failures.Add($"failed {r.Url} {r.Failure}");
        await page.GotoAsync("/");
        Assert.True(failures.Count == 0, string.Join("; ", failures));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, "home.png"), FullPage = true });

        await page.Locator(".department-tile", new PageLocatorOptions { HasText = "Electronics" }).ClickAsync();
        await page.WaitForURLAsync("**/categories/electronics");
        Assert.Equal("Electronics", await page.Locator("h1").InnerTextAsync());

        // Changing the sort menu reloads the listing sorted (site.js submits the form on change).
        await page.SelectOptionAsync("select#sort", "price-asc");
        await page.WaitForURLAsync(url => url.EndsWith("/categories/electronics?sort=price-asc", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, "category.png"), FullPage = true });

        var firstProduct = page.Locator(".product-card-link").First;
        var name = await firstProduct.Locator(".product-card-name").InnerTextAsync();
        await firstProduct.ClickAsync();
        await page.WaitForURLAsync("**/products/**");

        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("img.product-image").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the placeholder picture renders");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, "product.png"), FullPage = true });
    }
}
