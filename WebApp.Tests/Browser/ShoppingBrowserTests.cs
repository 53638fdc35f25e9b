using Microsoft.Playwright;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Browser;

[Collection(WebApp.Tests.Browser.BrowserTestsRunAlone.Name)]
public sealed class ShoppingBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    private static string Shot(string name) => Path.Combine(BrowserStore.ScreenshotDirectory, name);

    [BrowserFact]
    public async Task Shopper_adds_to_cart_without_a_reload_checks_out_with_the_test_card_and_sees_the_order()
    {
        var email = StoreFactory.NewEmail("browser");
        await store.CreateUserAsync(email);
        // A shopper in Tokyo, nine hours ahead of the UTC the server writes times in.
        var page = await store.NewPageAsync(timeZone: "Asia/Tokyo");
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync("/");
        await page.Locator("#site-search-q").FillAsync("wireless");
        await page.Locator("#site-search-q").PressAsync("Enter");
        await page.ArrivedAtAsync(url => url.Contains("/search?q=wireless", StringComparison.Ordinal));

        var firstButton = page.Locator(".product-card button[name=ProductId]").First;
        var productId = int.Parse(await firstButton.GetAttributeAsync("value") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await store.SetProductAsync(productId, stock: 50);

        // A marker on the window survives only if the page is not reloaded.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var count = page.Locator("[data-testid=cart-link] [data-cart-count]");
        Assert.Equal("0", await count.InnerTextAsync());
        await firstButton.ClickAsync();
        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#cart-toast")).ToContainTextAsync("Added 1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was not reloaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("cart-added.png") });

        // On the cart page a changed quantity saves itself and the totals follow, still without a reload.
        await page.Locator("[data-testid=cart-link]").ClickAsync();
        await page.ArrivedAtAsync("**/cart");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.Locator("[data-testid=cart-line] input[name=Quantity]").FillAsync("3");
        await page.Locator("[data-testid=cart-line] input[name=Quantity]").DispatchEventAsync("change");
        await Assertions.Expect(count).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=cart-message]")).ToContainTextAsync("quantity is now 3");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the cart page was not reloaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("cart.png"), FullPage = true });

        // Checking out offers guest checkout or signing in; after signing in the cart is still there.
        await page.Locator("[data-testid=checkout]").ClickAsync();
        await page.ArrivedAtAsync("**/checkout");
        await page.Locator("[data-testid=guest-contact] a").ClickAsync();
        await page.ArrivedAtAsync("**/account/login**");
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(StoreFactory.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.ArrivedAtAsync("**/checkout");
        Assert.Contains("3 ×", await page.Locator("[data-testid=review-line]").InnerTextAsync(), StringComparison.Ordinal);

        // An empty form first: every required field says what it needs.
        await page.Locator("[data-testid=place-order]").ClickAsync();
        await page.LoadedAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.FullName']")).ToContainTextAsync("Enter the name");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("checkout-errors.png"), FullPage = true });

        await page.Locator("#Input_FullName").FillAsync("Grace Hopper");
        await page.Locator("#Input_AddressLine1").FillAsync("1 Harbor Way");
        await page.Locator("#Input_City").FillAsync("Arlington");
        await page.Locator("#Input_PostalCode").FillAsync("22201");
        await page.Locator("#Input_Country").SelectOptionAsync("US");
        await page.Locator("#Input_Region").SelectOptionAsync("VA");
        await page.Locator("#Input_Phone").FillAsync("+1 703 555 0100");
        await page.Locator("#ship-express").CheckAsync();
        // The totals follow the state as it is chosen, without "Update the totals": Virginia's tax is shown, and is what
        // the order charges (it said "Worked out from your address" and charged the tax unseen; session 48's reviews).
        await Assertions.Expect(page.Locator("#checkout-totals [data-testid=tax]")).ToBeVisibleAsync();
        // The state's update and then the delivery's: read once both are in (the state's alone still says Standard).
        await Assertions.Expect(page.Locator("#checkout-totals[aria-busy=true]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#checkout-totals")).ToContainTextAsync("Shipping (Express)");
        var shownTotal = await page.Locator("#checkout-totals [data-testid=total]").InnerTextAsync();
        Assert.Contains("Sales tax (5.3 %)", await page.Locator("#checkout-totals").InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith(shownTotal, await page.Locator("[data-ship-total=express]").InnerTextAsync(), StringComparison.Ordinal);
        // "Place order" pressed while the totals are on their way (held back a second here) waits, and sends nothing
        // when they changed: it charged the new tax unseen (8 of 8 in the second review, session 48).
        var totals = new System.Text.RegularExpressions.Regex("handler=Totals");
        await page.RouteAsync(totals, async route => { await Task.Delay(1000); await route.ContinueAsync(); });
        await page.Locator("#Input_Region").SelectOptionAsync("CA");
        await page.Locator("[data-testid=place-order]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=totals-changed]")).ToBeFocusedAsync();
        // Said just above the button pressed.
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=totals-changed]').nextElementSibling === document.querySelector('[data-testid=place-order]')"));
        Assert.Contains("Sales tax (7.25 %)", await page.Locator("#checkout-totals").InnerTextAsync(), StringComparison.Ordinal);
        shownTotal = await page.Locator("#checkout-totals [data-testid=total]").InnerTextAsync();
        Assert.Contains(shownTotal, await page.Locator("[data-testid=totals-changed]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("/checkout", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("[data-testid=place-order]")).ToBeEnabledAsync();
        await page.UnrouteAsync(totals);
        await page.Locator("#pay-card").CheckAsync();
        await page.Locator("#Input_CardNumber").FillAsync("4242 4242 4242 4242");
        await page.Locator("#Input_CardExpiry").FillAsync("12/" + ((DateTime.UtcNow.Year + 2) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#Input_CardCvc").FillAsync("123");
        await page.Locator("#Input_CardName").FillAsync("G HOPPER");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("checkout.png"), FullPage = true });
        await page.Locator("[data-testid=place-order]").ClickAsync();

        await page.ArrivedAtAsync("**/orders/*");
        Assert.Equal("Paid", await page.Locator("[data-testid=order-status]").InnerTextAsync());
        Assert.Equal(shownTotal, await page.Locator("[data-testid=order-total]").InnerTextAsync());
        Assert.Equal("0", await count.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("order.png"), FullPage = true });
        var orderPath = new Uri(page.Url).AbsolutePath;
        await AssertShownInTokyoTimeAsync(page.Locator("main time[data-local]").First);

        await page.Locator("header a[href='/orders']").ClickAsync();
        await page.ArrivedAtAsync("**/orders");
        Assert.Equal(orderPath, await page.Locator("[data-testid=order-row] a").First.GetAttributeAsync("href"));
        await AssertShownInTokyoTimeAsync(page.Locator("[data-testid=order-row] time[data-local]").First);
        Assert.Empty(errors);
    }

    // The moment the server wrote in UTC ("5 Dec 2026, 17:30 UTC", kept as the title) reads in the browser's zone.
    private static async Task AssertShownInTokyoTimeAsync(ILocator time)
    {
        var utc = DateTime.Parse(await time.GetAttributeAsync("datetime") ?? "", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var tokyo = utc.AddHours(9);
        Assert.Equal(tokyo.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " GMT+9", await time.InnerTextAsync());
        Assert.Equal(utc.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC", await time.GetAttributeAsync("title"));
    }
}
