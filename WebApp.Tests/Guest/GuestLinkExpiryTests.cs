using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

public sealed class GuestLinkExpiryTests(FakeClockStore store) : IClassFixture<FakeClockStore>
{
    [Fact]
    public async Task A_guest_link_stops_working_after_90_days_and_a_later_mail_brings_a_fresh_one()
    {
        await store.SetProductAsync(3, stock: 5);
        var email = StoreFactory.NewEmail("expiring");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 3);
        var placed = await GuestStore.GuestCheckoutAsync(client, email, ShopStore.PayOnDelivery());
        var orderId = await GuestStore.GuestOrderIdOf(placed);
        var link = new Uri(store.MailLink(email, $"/guest/orders/{orderId}")).PathAndQuery;
        var reader = store.CreateBrowserlessClient();

        store.Clock.Advance(TimeSpan.FromDays(89));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(link)).StatusCode);

        store.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var expired = await reader.GetAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.DoesNotContain(email, await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Shipping it now mails a link that works from now on.
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/orders/{orderId}");
        await admin.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("[data-testid=ship-form]")!,
            new Dictionary<string, string> { ["Ship.Carrier"] = "Royal Mail", ["Ship.TrackingNumber"] = "RM1" });
        var fresh = new Uri(store.MailLink(email, $"/guest/orders/{orderId}")).PathAndQuery;
        Assert.NotEqual(link, fresh);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(fresh)).StatusCode);
    }
}
