using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

/// <summary>
/// A form opened as a guest and sent after signing in from another tab carries the guest's antiforgery token, which the
/// signed-in request refuses. It got the bare "Bad request" page (an outside review, session 45); now it goes back to
/// its page with a message. A token that was never this browser's stays a refused forgery.
/// </summary>
public sealed class SignedInMeanwhileTests(GuestStore store) : IClassFixture<GuestStore>
{
    [Fact]
    public async Task A_guest_checkout_sent_after_signing_in_elsewhere_returns_to_the_checkout_with_a_message_and_places_nothing()
    {
        await store.SetProductAsync(14, stock: 10);
        var email = StoreFactory.NewEmail("meanwhile");
        await store.CreateUserAsync(email);
        var browser = store.CreateClient();
        await ShopStore.AddToCartAsync(browser, 14, "2");
        var guestForm = await ShopStore.CheckoutRequestAsync(browser, new Dictionary<string, string>(ShopStore.TestCard()) { ["Input.Email"] = email });
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);

        var sent = await browser.SendAsync(guestForm);

        Assert.Equal("/checkout", sent.RequestMessage!.RequestUri!.AbsolutePath);
        var page = await Html.GetDocumentAsync(sent);
        Assert.Equal(GuestMessage, page.QuerySelector("[data-testid=flash]")?.TextContent.Trim());
        Assert.Equal(10, await store.StockOfAsync(14));
        Assert.Equal(0, await OrdersForAsync(email));
        var userId = (await store.UserIdOfAsync(email))!;
        Assert.DoesNotContain(store.Logs.Entries, e => e.EventId.Name == "AntiforgeryValidationFailed" && e.Message.Contains(userId, StringComparison.Ordinal));
        // The page is the account's checkout now, with the merged cart: sent again, it places the order.
        var placed = await ShopStore.CheckoutAsync(browser, ShopStore.TestCard());
        Assert.StartsWith("/orders/", placed.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(8, await store.StockOfAsync(14));
    }

    [Fact]
    public async Task Other_forms_go_back_to_the_page_they_were_on_and_never_to_another_site()
    {
        await store.SetProductAsync(15, stock: 10);
        var email = StoreFactory.NewEmail("meanwhileadd");
        await store.CreateUserAsync(email);
        var browser = store.CreateBrowserlessClient();
        var productPath = (await browser.GetAsync("/products/15")).Headers.Location!.OriginalString;
        var form = (IHtmlFormElement)(await browser.GetDocumentAsync(productPath)).QuerySelector("form.add-to-cart")!;
        Assert.Equal(HttpStatusCode.Redirect, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);

        var fromPage = Html.FormRequest(form);
        fromPage.Headers.Referrer = new Uri(browser.BaseAddress!, productPath);
        var back = await browser.SendAsync(fromPage);
        Assert.Equal((HttpStatusCode.Redirect, productPath), (back.StatusCode, back.Headers.Location!.OriginalString));
        Assert.Equal(GuestMessage, (await browser.GetDocumentAsync(productPath)).QuerySelector("[data-testid=flash]")?.TextContent.Trim());

        foreach (var referer in new[] { "http://evil.example/products/15", "http://localhost:5999/x", "https://localhost/x", "http://localhost//evil.example/", "not a url" })
        {
            var elsewhere = Html.FormRequest(form);
            elsewhere.Headers.TryAddWithoutValidation("Referer", referer);
            var answer = await browser.SendAsync(elsewhere);
            Assert.Equal((HttpStatusCode.Redirect, "/cart"), (answer.StatusCode, answer.Headers.Location!.OriginalString));
        }
        Assert.Equal(0, await ShopStore.HeaderCountAsync(browser));
    }

    [Fact]
    public async Task A_token_from_another_browser_sent_by_a_signed_in_shopper_is_still_refused_and_logged()
    {
        await store.SetProductAsync(16, stock: 10);
        var email = StoreFactory.NewEmail("meanwhileforged");
        var signedIn = await store.SignedInClientAsync(email);
        await signedIn.GetDocumentAsync("/products/16");
        var other = store.CreateClient();
        var form = (IHtmlFormElement)(await other.GetDocumentAsync("/products/16")).QuerySelector("form.add-to-cart")!;

        var forged = await signedIn.SendAsync(Html.FormRequest(form));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(store.Logs.Entries, e => e.EventId.Name == "AntiforgeryValidationFailed");
        Assert.Equal(0, await ShopStore.HeaderCountAsync(signedIn));
    }

    private const string GuestMessage = "You signed in from another tab or window after this page was opened, so it was not sent. Check it and send it again.";

    private async Task<int> OrdersForAsync(string email)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.CountAsync(o => o.Email == email);
    }
}
