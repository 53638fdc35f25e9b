using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

/// <summary>The store's mails: one branded layout with a plain-text part, the store's name from configuration, and every typed word encoded.</summary>
public sealed class GuestMailTests(GuestStore store) : IClassFixture<GuestStore>
{
    private const string ScriptName = "<script>alert(1)</script> Desk Lamp";

    private static async Task<IHtmlDocument> AdminSubmitAsync(HttpClient admin, int orderId, string form, Dictionary<string, string> values)
    {
        var page = await admin.GetDocumentAsync($"/admin/orders/{orderId}");
        return await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector($"[data-testid={form}]")!, values));
    }

    [Fact]
    public async Task Order_mails_have_both_parts_carry_the_store_name_and_encode_what_people_typed()
    {
        await store.SetProductAsync(41, stock: 5, priceCents: 3_000);
        await store.RenameProductAsync(41, ScriptName);
        var email = StoreFactory.NewEmail("encode");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 41);
        var orderId = await GuestStore.GuestOrderIdOf(await GuestStore.GuestCheckoutAsync(client, email,
            new Dictionary<string, string>(ShopStore.TestCard()) { ["Input.FullName"] = "<img src=x onerror=alert(2)> Eve" }));

        var placed = store.Mail(email, $"order #{orderId}");
        Assert.Equal($"Your {GuestStore.StoreName} order #{orderId}", placed.Subject);
        Assert.Equal(GuestStore.StoreName, placed.From.Mailboxes.Single().Name);
        Assert.NotNull(placed.TextBody);
        Assert.NotNull(placed.HtmlBody);
        Assert.Contains(ScriptName, placed.TextBody, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(2)> Eve", placed.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Desk Lamp", placed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt; Eve", placed.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", placed.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", placed.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Harbour &amp; Co &lt;Goods&gt;", placed.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("help@harbour.example", placed.TextBody, StringComparison.Ordinal);
        // Inline styles only: mail clients drop style sheets, and the layout has no script.
        Assert.DoesNotContain("<style", placed.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", placed.HtmlBody, StringComparison.OrdinalIgnoreCase);
        // Both parts carry the same signed link, and it opens the order.
        var link = GuestStore.GuestLinkIn(placed);
        Assert.Contains(WebUtility.HtmlEncode("http://localhost" + link), placed.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync(link)).StatusCode);

        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        await AdminSubmitAsync(admin, orderId, "ship-form", new() { ["Ship.Carrier"] = "<b>Post</b> & Parcel", ["Ship.TrackingNumber"] = "TR123" });
        var shipped = store.Mail(email, "has shipped");
        Assert.Contains("Carrier: <b>Post</b> & Parcel", shipped.TextBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Post&lt;/b&gt; &amp; Parcel", shipped.HtmlBody, StringComparison.Ordinal);
        var shippedLink = GuestStore.GuestLinkIn(shipped);
        var shippedPage = await store.CreateClient().GetDocumentAsync(shippedLink);
        Assert.Equal("Shipped", shippedPage.QuerySelector("[data-testid=order-status]")!.TextContent);
    }

    [Fact]
    public async Task Cancelling_mails_the_customer_whether_the_store_or_the_customer_cancels()
    {
        await store.SetProductAsync(42, stock: 5);
        var guestEmail = StoreFactory.NewEmail("cancelled");
        var guest = store.CreateClient();
        await ShopStore.AddToCartAsync(guest, 42);
        var guestOrder = await GuestStore.GuestOrderIdOf(await GuestStore.GuestCheckoutAsync(guest, guestEmail, ShopStore.PayOnDelivery()));

        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        await AdminSubmitAsync(admin, guestOrder, "cancel-form", new() { ["Cancel.Note"] = "Out of stock at the warehouse" });
        var byStore = store.Mail(guestEmail, "is cancelled");
        Assert.Equal($"Your {GuestStore.StoreName} order #{guestOrder} is cancelled", byStore.Subject);
        Assert.Contains("we had to cancel", byStore.TextBody, StringComparison.Ordinal);
        Assert.NotNull(byStore.HtmlBody);
        Assert.Equal("Cancelled", (await store.CreateClient().GetDocumentAsync(GuestStore.GuestLinkIn(byStore))).QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Equal(5, await store.StockOfAsync(42));

        var customerEmail = StoreFactory.NewEmail("changedmind");
        var customer = await store.SignedInClientAsync(customerEmail);
        await ShopStore.AddToCartAsync(customer, 42);
        var orderId = ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(customer, ShopStore.PayOnDelivery()));
        var page = await customer.GetDocumentAsync($"/orders/{orderId}");
        await customer.SubmitAsync((IHtmlFormElement)page.QuerySelector("[data-testid=cancel-order]")!.Closest("form")!);
        var byCustomer = store.Mail(customerEmail, "is cancelled");
        Assert.Contains("As you asked", byCustomer.TextBody, StringComparison.Ordinal);
        Assert.Contains($"http://localhost/orders/{orderId}", byCustomer.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", byCustomer.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_mails_use_the_same_layout_and_store_name()
    {
        var email = StoreFactory.NewEmail("welcome");
        await StoreFactory.RegisterAsync(store.CreateClient(), email, StoreFactory.Password);

        var confirm = store.Mail(email, "Confirm your");
        Assert.Equal($"Confirm your {GuestStore.StoreName} account", confirm.Subject);
        Assert.Contains("/account/confirm-email?", confirm.TextBody, StringComparison.Ordinal);
        Assert.Contains("Harbour &amp; Co &lt;Goods&gt;", confirm.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("max-width:600px", confirm.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("help@harbour.example", confirm.HtmlBody, StringComparison.Ordinal);
    }
}
