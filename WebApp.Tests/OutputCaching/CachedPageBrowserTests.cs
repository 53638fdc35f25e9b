using Microsoft.Playwright;
using WebApp.Catalog;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

[Collection(BrowserTestsRunAlone.Name)]
public sealed class CachedPageBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    private async Task<IPage> PageAsync(bool javaScript)
    {
        var context = await store.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = store.BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    private async Task<string> CachedListingAsync(int maxPrice)
    {
        var url = $"/categories/electronics?maxPrice={maxPrice}&sort=price-asc";
        using var http = new HttpClient { BaseAddress = new Uri(store.BaseUrl) };
        using var warm = await http.GetAsync(url);
        warm.EnsureSuccessStatusCode();
        return url;
    }

    private static async Task<string?> CacheStatusAsync(IResponse? response) =>
        response is null ? null : await response.HeaderValueAsync(CatalogPageCache.StatusHeader);

    [BrowserFact]
    public async Task Visitor_adds_to_cart_in_place_from_a_cached_category_page_and_the_header_count_updates()
    {
        var url = await CachedListingAsync(91001);
        var page = await PageAsync(javaScript: true);

        var response = await page.GotoAsync(url);
        Assert.Equal("hit", await CacheStatusAsync(response));
        // Chromium asks for gzip: the cached page comes as stored gzip pieces with this visitor's token between them.
        Assert.Equal("gzip", await response!.HeaderValueAsync("content-encoding"));
        var count = page.Locator("[data-testid=cart-link] [data-cart-count]");
        Assert.Equal("0", await count.InnerTextAsync());

        await page.Locator("form[data-cart-form] button").First.ClickAsync();

        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#cart-toast")).ToContainTextAsync("Added");
        Assert.EndsWith(url, page.Url, StringComparison.Ordinal);
        var again = await page.GotoAsync(url);
        Assert.Equal("hit", await CacheStatusAsync(again));
        Assert.Equal("1", await count.InnerTextAsync());
    }

    [BrowserFact]
    public async Task An_add_from_a_page_whose_cookie_the_browser_dropped_says_the_page_expired_and_stays_on_the_page()
    {
        var url = await CachedListingAsync(91017);
        var page = await PageAsync(javaScript: true);
        await page.GotoAsync(url);
        // As after a browser restart that restored the tab: the page's token belongs to a cookie that is gone.
        await page.Context.ClearCookiesAsync();

        await page.Locator("form[data-cart-form] button").First.ClickAsync();

        await Assertions.Expect(page.Locator("#cart-toast")).ToContainTextAsync("This page has expired");
        Assert.EndsWith(url, page.Url, StringComparison.Ordinal);
        Assert.Equal("0", await page.Locator("[data-testid=cart-link] [data-cart-count]").InnerTextAsync());
        // Reloading gives the page a token for the new cookie, and the add goes through.
        await page.ReloadAsync();
        await page.Locator("form[data-cart-form] button").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cart-link] [data-cart-count]")).ToHaveTextAsync("1");
    }

    [BrowserFact]
    public async Task Two_tiles_added_while_the_first_add_is_still_on_its_way_both_land_in_one_cart_and_the_keyboard_focus_stays()
    {
        var url = await CachedListingAsync(91003);
        var page = await PageAsync(javaScript: true);
        // A slow connection: every add takes 800 ms to reach the store.
        await page.RouteAsync("**/cart?handler=Add", async route =>
        {
            await Task.Delay(800);
            await route.ContinueAsync();
        });
        await page.GotoAsync(url);
        var adds = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("handler=Add", StringComparison.Ordinal)) lock (adds) adds.Add("sent"); };
        page.Response += (_, r) => { if (r.Url.Contains("handler=Add", StringComparison.Ordinal)) lock (adds) adds.Add("answered"); };
        var buttons = page.Locator(".product-card button[name=ProductId]");
        var (first, second) = (await buttons.Nth(0).GetAttributeAsync("value"), await buttons.Nth(1).GetAttributeAsync("value"));

        await buttons.Nth(0).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        // Only the pressed button waits; the next tile's is still there to press. This visitor has no cart yet: the
        // second add must go after the first's answer, which brings the new cart's cookie, or it would make a second cart.
        await Assertions.Expect(buttons.Nth(0)).ToBeDisabledAsync();
        await Assertions.Expect(buttons.Nth(1)).ToBeEnabledAsync();
        await buttons.Nth(1).ClickAsync();

        var count = page.Locator("[data-testid=cart-link] [data-cart-count]");
        var slow = new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 };
        await Assertions.Expect(count).ToHaveTextAsync("2", slow);
        await Assertions.Expect(buttons.Nth(0)).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(buttons.Nth(1)).ToBeEnabledAsync(new() { Timeout = 60_000 });
        // The add gave the pressed button its focus back (disabling it had dropped the focus to the page).
        Assert.Equal(second, await page.EvaluateAsync<string>("() => document.activeElement?.value ?? document.activeElement?.tagName"));
        // The second add left only once the first was answered (with the new cart's cookie).
        lock (adds) Assert.Equal(["sent", "answered", "sent", "answered"], adds);
        await page.UnrouteAllAsync();
        await page.GotoAsync("/cart");
        var lines = await page.Locator("[data-testid=cart-line]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.productId)");
        Assert.Equal(new[] { first, second }.Order(), lines.Order());
    }

    [BrowserFact]
    public async Task Without_javascript_the_cached_page_form_posts_and_comes_back_with_the_message_and_count()
    {
        var url = await CachedListingAsync(91002);
        var page = await PageAsync(javaScript: false);

        var response = await page.GotoAsync(url);
        Assert.Equal("hit", await CacheStatusAsync(response));
        Assert.Equal("gzip", await response!.HeaderValueAsync("content-encoding"));

        await page.Locator("form[data-cart-form] button").First.ClickAsync();

        // Back to the product's tile, where the message is (it was the page's top until session 49).
        await page.ArrivedAtAsync(u => u.EndsWith(url + "#added", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("[data-testid=flash]")).ToContainTextAsync("Added");
        await Assertions.Expect(page.Locator(".product-card #added")).ToBeInViewportAsync();
        var count = page.Locator("[data-testid=cart-link] [data-cart-count]");
        Assert.Equal("1", await count.InnerTextAsync());
        var again = await page.GotoAsync(url);
        Assert.Equal("hit", await CacheStatusAsync(again));
        Assert.Equal("gzip", await again!.HeaderValueAsync("content-encoding"));
        Assert.Equal("1", await count.InnerTextAsync());
    }
}
