using Microsoft.Playwright;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

[Collection(BrowserTestsRunAlone.Name)]
public sealed class GuestCheckoutBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    private static string Shot(string name) => Path.Combine(BrowserStore.ScreenshotDirectory, name);

    [BrowserFact]
    public async Task A_guest_adds_to_cart_checks_out_and_opens_the_mailed_link_on_a_phone()
    {
        await store.SetProductAsync(7, stock: 20);
        var email = StoreFactory.NewEmail("browserguest");
        var page = await store.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync("/products/7");
        await page.Locator("form.add-to-cart button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=cart-link] [data-cart-count]")).ToHaveTextAsync("1");
        await page.GotoAsync("/cart");
        await page.Locator("[data-testid=checkout]").ClickAsync();
        await page.ArrivedAtAsync("**/checkout");

        // A wrong address first: the field says so, and nothing is placed.
        await page.Locator("#Input_Email").FillAsync("guest@example..com");
        await page.Locator("[data-testid=place-order]").ClickAsync();
        await page.LoadedAsync();
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Email']")).ToContainTextAsync("valid email");
        await page.LoadedAsync();
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("guest-checkout-errors.png"), FullPage = true });

        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_FullName").FillAsync("Katherine Johnson");
        await page.Locator("#Input_AddressLine1").FillAsync("8 Langley Road");
        await page.Locator("#Input_City").FillAsync("Hampton");
        await page.Locator("#Input_PostalCode").FillAsync("23681");
        await page.Locator("#Input_Country").SelectOptionAsync("US");
        await page.Locator("#Input_Region").SelectOptionAsync("VA");
        await page.Locator("#Input_Phone").FillAsync("+1 757 555 0100");
        await page.Locator("#pay-card").CheckAsync();
        await page.Locator("#Input_CardNumber").FillAsync("4242 4242 4242 4242");
        await page.Locator("#Input_CardExpiry").FillAsync("12/" + ((DateTime.UtcNow.Year + 2) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#Input_CardCvc").FillAsync("123");
        await page.Locator("#Input_CardName").FillAsync("K JOHNSON");
        // The fields hold what was typed when the order is placed (a page replaced under the typing would be posted
        // with the wrong address alone, and the wait for the order would run out saying only what the page shows).
        await Assertions.Expect(page.Locator("#Input_Email")).ToHaveValueAsync(email);
        await Assertions.Expect(page.Locator("#Input_FullName")).ToHaveValueAsync("Katherine Johnson");
        // The totals for Virginia are in (placed while they were on their way, a changed total is shown, not sent).
        await Assertions.Expect(page.Locator("#checkout-totals[aria-busy=true]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=place-order]").ClickAsync();

        await page.ArrivedAtAsync("**/guest/orders/**");
        Assert.Equal("Paid", await page.Locator("[data-testid=order-status]").InnerTextAsync());
        Assert.Empty(await Axe.SeriousViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("guest-order.png"), FullPage = true });

        // Later, on a phone that has never visited the store: the mailed link opens the order.
        var orderId = new Uri(page.Url).AbsolutePath.Split('/').Last();
        var link = new Uri(store.MailLink(email, $"/guest/orders/{orderId}")).PathAndQuery;
        var phoneContext = await store.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = store.BaseUrl, ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        phoneContext.SetDefaultTimeout(90_000);
        var phone = await phoneContext.NewPageAsync();
        await phone.GotoAsync(link);
        Assert.Equal("Paid", await phone.Locator("[data-testid=order-status]").InnerTextAsync());
        await Assertions.Expect(phone.Locator("[data-testid=create-account]")).ToBeVisibleAsync();
        Assert.Empty(await Axe.SeriousViolationsAsync(phone));
        Assert.Equal(0, await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth"));
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("guest-order-390.png"), FullPage = true });
        await phoneContext.CloseAsync();
        Assert.Empty(errors);
    }

}
