using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;
using WebApp.Catalog;
using static WebApp.Tests.Currency.CurrencyPages;

namespace WebApp.Tests.Currency;

public sealed class DisplayCurrencyTests(DisplayCurrencyFixture fixture) : IClassFixture<DisplayCurrencyFixture>
{
    private const decimal Eur = 0.9132m;
    private RatesStore Store => fixture.Store;

    [Fact]
    public async Task Shopper_picks_euros_in_the_header_and_every_price_shows_an_approximate_euro_figure()
    {
        await Store.SetProductAsync(1, stock: 10);
        var client = Store.CreateClient();
        var product = await client.GetDocumentAsync("/products/1");
        var cents = BasePriceCents(product);
        Assert.Empty(Approximations(product));

        var chosen = await Html.GetDocumentAsync(await ChooseAsync(client, "EUR", new Uri(product.Url).PathAndQuery));

        // Back on the same page, the store's price first, the euro figure beside it, and the words that explain it.
        Assert.Equal(new Uri(product.Url).AbsolutePath, new Uri(chosen.Url).AbsolutePath);
        var price = chosen.QuerySelector("[data-testid=price]")!;
        Assert.StartsWith(Money.Format(cents), price.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal([Expected(cents, Eur, "EUR")], Approximations(price));
        Assert.Contains("approximately", price.QuerySelector(".visually-hidden")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", price.QuerySelector("[data-testid=price-approx] [aria-hidden]")!.GetAttribute("aria-hidden"));
        Assert.Contains("you pay in USD", price.TextContent, StringComparison.Ordinal);
        Assert.Equal("EUR", ((IHtmlSelectElement)chosen.QuerySelector("#currency-picker-code")!).Value);

        // Tiles (home, related products) and search results carry it too.
        var home = await client.GetDocumentAsync("/");
        var tiles = home.QuerySelectorAll(".product-card");
        Assert.NotEmpty(tiles);
        Assert.All(tiles, tile => Assert.Single(Approximations(tile)));
        Assert.All(tiles, tile => Assert.StartsWith("€", Approximations(tile)[0], StringComparison.Ordinal));
        var word = chosen.QuerySelector("h1")!.TextContent.Split(' ')[0];
        var search = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(word));
        Assert.Contains(search.QuerySelectorAll(".product-card"), tile => tile.QuerySelector("a")!.GetAttribute("href")!.StartsWith("/products/1/", StringComparison.Ordinal)
            && Approximations(tile).SequenceEqual([Expected(cents, Eur, "EUR")]));

        // The cart: unit price, line total and subtotal.
        await ShopStore.AddToCartAsync(client, 1, "2");
        var cart = await client.GetDocumentAsync("/cart");
        var line = cart.QuerySelector("[data-testid=cart-line]")!;
        Assert.Equal([Expected(cents, Eur, "EUR"), Expected(cents * 2, Eur, "EUR")], Approximations(line));
        Assert.Equal([Expected(cents * 2, Eur, "EUR")], Approximations(cart.QuerySelector("[data-testid=cart-subtotal]")!));
    }

    [Fact]
    public async Task The_choice_is_remembered_in_an_http_only_cookie_for_a_year()
    {
        var client = Store.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/");
        var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("header form[data-testid=currency-picker]")!, new Dictionary<string, string> { ["Code"] = "GBP" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CurrencyCookie + "=", StringComparison.Ordinal));
        Assert.StartsWith(CurrencyCookie + "=GBP;", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Yen_figures_have_no_decimals()
    {
        var client = Store.CreateClient();
        var product = await client.GetDocumentAsync("/products/2");
        var cents = BasePriceCents(product);

        var page = await Html.GetDocumentAsync(await ChooseAsync(client, "JPY", "/products/2"));

        var yen = Assert.Single(Approximations(page.QuerySelector("[data-testid=price]")!));
        Assert.Equal(Expected(cents, 151.37m, "JPY", decimals: 0), yen);
        Assert.Matches(@"^¥[\d,]+$", yen);
    }

    [Fact]
    public async Task Going_back_to_dollars_clears_the_cookie_and_the_approximations()
    {
        var client = Store.CreateBrowserlessClient();
        var euros = (await ChooseAsync(client, "EUR")).Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(CurrencyCookie, StringComparison.Ordinal)).Split(';')[0];
        var page = await client.GetDocumentAsync("/");
        Assert.NotEmpty(Approximations(page));

        using var request = Html.FormRequest((IHtmlFormElement)page.QuerySelector("header form[data-testid=currency-picker]")!, new Dictionary<string, string> { ["Code"] = "USD" });
        request.Headers.Add("Cookie", euros);
        var back = await client.SendAsync(request);

        Assert.Contains(back.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CurrencyCookie + "=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Empty(Approximations(await client.GetDocumentAsync("/")));
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("eur")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("EUR%00")]
    [InlineData("USD")]
    public async Task A_currency_cookie_the_store_does_not_offer_is_ignored(string value)
    {
        var client = Store.CreateClient();

        var response = await client.GetWithCookieAsync("/", $"{CurrencyCookie}={value}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Empty(Approximations(page));
        Assert.Null(page.QuerySelector("[data-testid=rates-unavailable]"));
        Assert.Equal("USD", ((IHtmlSelectElement)page.QuerySelector("#currency-picker-code")!).Value);
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_picker_refuses_a_currency_it_does_not_offer_with_a_field_message()
    {
        var client = Store.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/");
        var form = (IHtmlFormElement)page.QuerySelector("header form[data-testid=currency-picker]")!;
        // What a hand-edited form would send: an option the store never offered.
        var select = (IHtmlSelectElement)form.QuerySelector("select")!;
        var forged = (IHtmlOptionElement)page.CreateElement("option");
        forged.Value = "XAU";
        select.AppendChild(forged);

        var response = await client.SubmitAsync(form, new Dictionary<string, string> { ["Code"] = "XAU" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(CurrencyCookie, StringComparison.Ordinal)));
        var answer = await Html.GetDocumentAsync(response);
        Assert.Equal("Choose one of the listed currencies.", answer.QuerySelector("main #Code-error")!.TextContent.Trim());
        Assert.Equal("Display currency", answer.QuerySelector("main h1")!.TextContent);
    }

    [Fact]
    public async Task The_picker_only_returns_to_pages_of_the_store()
    {
        var client = Store.CreateBrowserlessClient();
        var page = await client.GetDocumentAsync("/currency?returnUrl=https%3A%2F%2Fevil.example%2F");

        var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string> { ["Code"] = "EUR" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_currency_the_service_has_no_rate_for_shows_store_prices_and_says_so()
    {
        var client = Store.CreateClient();

        var page = await Html.GetDocumentAsync(await ChooseAsync(client, "SEK"));

        Assert.Empty(Approximations(page));
        Assert.Equal("Rates unavailable: prices in USD", page.QuerySelector("header [data-testid=rates-unavailable]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Checkout_and_orders_charge_and_show_the_store_currency_whatever_the_display_currency()
    {
        await Store.SetProductAsync(3, stock: 10);
        var email = StoreFactory.NewEmail("euro-buyer");
        var client = await Store.SignedInClientAsync(email);
        await ChooseAsync(client, "EUR");
        await ShopStore.AddToCartAsync(client, 3, "1");
        Assert.NotEmpty(Approximations(await client.GetDocumentAsync("/cart")));

        var checkout = await client.GetDocumentAsync("/checkout");
        Assert.Empty(Approximations(checkout.QuerySelector("main")!));
        Assert.Contains("You pay in USD", checkout.QuerySelector("[data-testid=charged-currency]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("$", checkout.QuerySelector("[data-testid=total]")!.TextContent.Trim(), StringComparison.Ordinal);
        // The tax depends on the address the order is sent to, so the subtotal is what the page and the order share.
        var subtotal = checkout.QuerySelector("[data-testid=subtotal]")!.TextContent.Trim();

        var placed = await ShopStore.CheckoutAsync(client, ShopStore.PayOnDelivery());
        var order = await client.GetDocumentAsync($"/orders/{ShopStore.OrderIdOf(placed)}");
        Assert.Empty(Approximations(order.QuerySelector("main")!));
        Assert.Equal(subtotal, order.QuerySelector("[data-testid=order-subtotal]")!.TextContent.Trim());
        Assert.StartsWith("$", order.QuerySelector("[data-testid=order-total]")!.TextContent.Trim(), StringComparison.Ordinal);
    }
}
