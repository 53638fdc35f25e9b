using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

public sealed class GuestCheckoutTests(GuestStore store) : IClassFixture<GuestStore>
{
    [Fact]
    public async Task Guest_can_buy_without_an_account_and_the_mailed_link_shows_the_order()
    {
        await store.SetProductAsync(11, stock: 5, priceCents: 2_500);
        var email = StoreFactory.NewEmail("guest");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 11, "2");

        var placed = await GuestStore.GuestCheckoutAsync(client, email);

        var orderId = await GuestStore.GuestOrderIdOf(placed);
        var landing = await Html.GetDocumentAsync(placed);
        Assert.Contains($"Order #{orderId} is placed", landing.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Paid", landing.QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Equal(3, (await store.StockOfAsync(11)));
        Assert.Equal(0, await ShopStore.HeaderCountAsync(client));
        var order = await store.OrderAsync(orderId);
        Assert.Null(order.UserId);
        Assert.Equal(email, order.Email);
        Assert.Equal(5_000, order.SubtotalCents);

        // The mail's link opens the order in a browser that has never seen the store: no sign-in, nothing cached.
        var mail = store.Mail(email, $"order #{orderId}");
        var link = GuestStore.GuestLinkIn(mail);
        Assert.StartsWith($"/guest/orders/{orderId}?token=", link, StringComparison.Ordinal);
        Assert.True(link.Length > 80, "the token is long enough not to be guessed");
        var stranger = store.CreateBrowserlessClient();
        var response = await stranger.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("Paid", page.QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Equal(2, int.Parse(page.QuerySelector("[data-testid=order-line] td:nth-child(3)")!.TextContent, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(page.QuerySelector("[data-testid=order-line] a[href^='/products/']"));
        Assert.Null(page.QuerySelector("[data-testid=no-longer-sold]"));
        Assert.Null(page.QuerySelector("[data-testid=cancel-order]"));
        Assert.Equal("/account/register?email=" + Uri.EscapeDataString(email), page.QuerySelector("[data-testid=create-account]")!.GetAttribute("href"));

        // A wrong or altered token is the store's 404 page, and it too sends no referrer: its styles' and scripts'
        // requests carried the token in the Referer (an outside review, session 50).
        foreach (var wrong in new[] { link[..^4] + "AAAA", $"/guest/orders/{orderId + 1000}" + link[link.IndexOf('?', StringComparison.Ordinal)..] })
        {
            var refused = await stranger.GetAsync(wrong);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("no-referrer", refused.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("no-store", refused.Headers.CacheControl!.ToString());
        }
    }

    [Fact]
    public async Task Guest_checkout_needs_a_real_email_address_and_places_nothing_without_one()
    {
        await store.SetProductAsync(12, stock: 5);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 12);

        foreach (var (typed, message) in new[] { ("", "Enter your email address"), ("ada@example..com", "Enter a valid email address"), ("<script>@x.com", "Enter a valid email address") })
        {
            var response = await GuestStore.GuestCheckoutAsync(client, typed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await Html.GetDocumentAsync(response);
            Assert.Equal("/checkout", new Uri(page.Url).AbsolutePath);
            Assert.Contains(message, page.QuerySelector("[data-valmsg-for='Input.Email']")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(typed, ((IHtmlInputElement)page.QuerySelector("input[name='Input.Email']")!).Value);
        }
        Assert.Equal(5, await store.StockOfAsync(12));
        Assert.Equal(1, await ShopStore.HeaderCountAsync(client));
    }

    [Fact]
    public async Task A_guest_submitting_the_same_form_at_once_and_again_gets_one_order_and_one_mail()
    {
        await store.SetProductAsync(13, stock: 5);
        var email = StoreFactory.NewEmail("twice");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 13);
        var request = await ShopStore.CheckoutRequestAsync(client, new Dictionary<string, string>(ShopStore.PayOnDelivery()) { ["Input.Email"] = email });
        var body = await request.Content!.ReadAsStringAsync();

        // A double click: both posts at once, then a third after them.
        var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            client.PostAsync("/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"))));
        var third = await client.PostAsync("/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        var firstId = await GuestStore.GuestOrderIdOf(both[0]);
        Assert.Equal(firstId, await GuestStore.GuestOrderIdOf(both[1]));
        Assert.Equal(firstId, await GuestStore.GuestOrderIdOf(third));
        Assert.Contains("already placed", (await Html.GetDocumentAsync(third)).QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, await store.StockOfAsync(13));
        Assert.Equal(1, store.MailCount(email));
    }

    [Fact]
    public async Task A_guests_key_and_email_sent_from_another_cart_lead_nowhere_near_the_order()
    {
        // Anyone holding a guest's one-time key and email was sent a fresh link to that guest's order, from any cart
        // (an outside review, session 44). The key names the cart it was made for.
        await store.SetProductAsync(15, stock: 5);
        var email = StoreFactory.NewEmail("keyholder");
        var guest = store.CreateClient();
        await ShopStore.AddToCartAsync(guest, 15);
        var request = await ShopStore.CheckoutRequestAsync(guest, new Dictionary<string, string>(ShopStore.PayOnDelivery()) { ["Input.Email"] = email });
        var body = await request.Content!.ReadAsStringAsync();
        var orderId = await GuestStore.GuestOrderIdOf(await guest.SendAsync(request));
        var key = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body)["Input.IdempotencyKey"].ToString();

        var stranger = store.CreateClient();
        await ShopStore.AddToCartAsync(stranger, 15);
        var replay = await ShopStore.CheckoutAsync(stranger, new Dictionary<string, string>(ShopStore.PayOnDelivery()) { ["Input.Email"] = email, ["Input.IdempotencyKey"] = key });

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var page = await Html.GetDocumentAsync(replay);
        Assert.Contains("had expired", page.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("/guest/orders/", page.Body!.InnerHtml, StringComparison.Ordinal);
        Assert.NotEqual(key, ((AngleSharp.Html.Dom.IHtmlInputElement)page.QuerySelector("input[name='Input.IdempotencyKey']")!).Value);
        Assert.Equal(4, await store.StockOfAsync(15));
        Assert.Equal(1, store.MailCount(email));

        // The guest's own second send of the form still goes to the order.
        var again = await guest.PostAsync("/checkout", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(orderId, await GuestStore.GuestOrderIdOf(again));
    }

    [Fact]
    public async Task Guest_orders_appear_in_the_admin_orders_marked_as_guest()
    {
        await store.SetProductAsync(14, stock: 5);
        var email = StoreFactory.NewEmail("listed");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 14);
        var orderId = await GuestStore.GuestOrderIdOf(await GuestStore.GuestCheckoutAsync(client, email, ShopStore.PayOnDelivery()));

        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        var list = await admin.GetDocumentAsync("/admin/orders?email=" + Uri.EscapeDataString(email));
        var row = Assert.Single(list.QuerySelectorAll("[data-testid=order-row]"));
        Assert.Equal(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-order-id"));
        Assert.NotNull(row.QuerySelector("[data-testid=guest-badge]"));
        var show = await admin.GetDocumentAsync($"/admin/orders/{orderId}");
        Assert.Contains("guest checkout", show.QuerySelector("[data-testid=order-customer]")!.TextContent, StringComparison.Ordinal);
    }
}
