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
    public async Task A_guest_checkout_sent_just_before_the_sign_in_answered_says_where_the_cart_went()
    {
        await store.SetProductAsync(19, stock: 10);
        var email = StoreFactory.NewEmail("meanwhilebefore");
        await store.CreateUserAsync(email);
        var jar = new System.Net.CookieContainer();
        var browser = store.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar));
        await ShopStore.AddToCartAsync(browser, 19, "3");
        var checkout = await ShopStore.CheckoutRequestAsync(browser, new Dictionary<string, string>(ShopStore.PayOnDelivery()) { ["Input.Email"] = email });
        var before = jar.GetCookieHeader(browser.BaseAddress!);
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);

        // Sent with the cookies from before the sign-in: the guest's cart had just gone to the account, and the page said
        // "Your cart is empty" above a cart of 3 (session 46's review).
        checkout.Headers.Add("Cookie", before);
        var sent = await store.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(checkout);
        Assert.Equal((HttpStatusCode.Redirect, "/cart"), (sent.StatusCode, sent.Headers.Location!.OriginalString));
        foreach (var cookie in sent.Headers.GetValues("Set-Cookie")) jar.SetCookies(browser.BaseAddress!, cookie);

        var cart = await browser.GetDocumentAsync("/cart");
        Assert.Equal("You signed in from another tab or window, so your cart is now in your account. Nothing was ordered: check out from here.", cart.QuerySelector("[data-testid=flash]")?.TextContent.Trim());
        Assert.Equal(3, await ShopStore.HeaderCountAsync(browser));
        Assert.Equal(0, await OrdersForAsync(email));
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

        foreach (var referer in new[] { "http://evil.example/products/15", "http://localhost:5999/x", "https://localhost/x", "http://localhost//evil.example/", "not a url", "http://localhost/" + new string('a', 3000) })
        {
            var elsewhere = Html.FormRequest(form);
            elsewhere.Headers.TryAddWithoutValidation("Referer", referer);
            var answer = await browser.SendAsync(elsewhere);
            Assert.Equal((HttpStatusCode.Redirect, "/cart"), (answer.StatusCode, answer.Headers.Location!.OriginalString));
        }
        Assert.Equal(0, await ShopStore.HeaderCountAsync(browser));
    }

    [Fact]
    public async Task A_form_sent_after_signing_out_or_in_as_someone_else_elsewhere_goes_back_with_a_message()
    {
        await store.SetProductAsync(17, stock: 10);
        var (first, second) = (StoreFactory.NewEmail("meanwhileout"), StoreFactory.NewEmail("meanwhileother"));
        await store.CreateUserAsync(second);
        var browser = await store.SignedInClientAsync(first);
        var form = (IHtmlFormElement)(await browser.GetDocumentAsync("/products/17")).QuerySelector("form.add-to-cart")!;
        var logout = (IHtmlFormElement)(await browser.GetDocumentAsync("/")).QuerySelector("form[action='/account/logout']")!;
        await browser.SubmitAsync(logout);

        // Signed out: it was the bare 400 page, and going back and sending it again failed again (session 46's review).
        var signedOut = await browser.SendAsync(Html.FormRequest(form));
        Assert.Equal("/cart", signedOut.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(SignedOutMessage, (await Html.GetDocumentAsync(signedOut)).QuerySelector("[data-testid=flash]")?.TextContent.Trim());

        // Signed in as someone else.
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, second, StoreFactory.Password)).StatusCode);
        var switched = await browser.SendAsync(Html.FormRequest(form));
        Assert.Equal(SignedOutMessage, (await Html.GetDocumentAsync(switched)).QuerySelector("[data-testid=flash]")?.TextContent.Trim());
        Assert.Equal(0, await ShopStore.HeaderCountAsync(browser));
    }

    [Fact]
    public async Task The_cart_pages_script_gets_an_answer_it_cannot_use_so_it_sends_the_form_again_without_script()
    {
        await store.SetProductAsync(18, stock: 10);
        var email = StoreFactory.NewEmail("meanwhilefragment");
        await store.CreateUserAsync(email);
        var browser = store.CreateClient();
        await ShopStore.AddToCartAsync(browser, 18, "1");
        var update = Html.FormRequest((IHtmlFormElement)(await browser.GetDocumentAsync("/cart")).QuerySelector("[data-testid=cart-line] form")!);
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);

        // The script asks for the cart's fragment and swapped in the cart section of the redirected page, dropping the
        // message; text it cannot swap in makes it post the form itself (site.js), which is redirected with the message.
        update.Headers.Add("X-Cart-Fragment", "1");
        var answer = await browser.SendAsync(update);

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("text/plain", answer.Content.Headers.ContentType!.MediaType);
        Assert.Equal(GuestMessage, await answer.Content.ReadAsStringAsync());
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

    private const string GuestMessage = "You signed in from another tab or window after this page was opened, so that was not done. The page is now up to date: please try again (anything you had typed needs entering again).";
    private const string SignedOutMessage = "You signed out, or signed in as someone else, in another tab or window after this page was opened, so that was not done. The page is now up to date: please try again (anything you had typed needs entering again).";

    private async Task<int> OrdersForAsync(string email)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.CountAsync(o => o.Email == email);
    }
}
