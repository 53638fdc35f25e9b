using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

public sealed class GuestClaimTests(GuestStore store) : IClassFixture<GuestStore>
{
    private async Task<(int OrderId, string Link)> GuestOrderAsync(int productId, string email)
    {
        await store.SetProductAsync(productId, stock: 5);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, productId);
        var orderId = await GuestStore.GuestOrderIdOf(await GuestStore.GuestCheckoutAsync(client, email, ShopStore.PayOnDelivery()));
        return (orderId, GuestStore.GuestLinkIn(store.Mail(email, $"order #{orderId}")));
    }

    [Fact]
    public async Task Guest_can_buy_without_an_account_and_claim_the_order_later()
    {
        var email = StoreFactory.NewEmail("claimer");
        var (firstId, link) = await GuestOrderAsync(31, email);
        // A second guest order with the same address, typed in other letter case: the confirmed mailbox owns both.
        var (secondId, _) = await GuestOrderAsync(32, email.ToUpperInvariant());
        var client = store.CreateClient();

        var orderPage = await client.GetDocumentAsync(link);
        var register = await client.GetDocumentAsync(orderPage.QuerySelector("[data-testid=create-account]")!.GetAttribute("href")!);
        Assert.Equal(email, ((IHtmlInputElement)register.QuerySelector("input[name='Input.Email']")!).Value);
        await client.SubmitAsync((IHtmlFormElement)register.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Password"] = StoreFactory.Password,
            ["Input.ConfirmPassword"] = StoreFactory.Password,
        });
        // Registering alone claims nothing: anyone can register any address.
        Assert.Null((await store.OrderAsync(firstId)).UserId);

        var confirmed = await Html.GetDocumentAsync(await store.ConfirmAsync(client, email));

        Assert.Equal("/orders", new Uri(confirmed.Url).AbsolutePath);
        Assert.Contains("Your 2 guest orders are now in your account", confirmed.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        var userId = await store.UserIdOfAsync(email);
        Assert.Equal(userId, (await store.OrderAsync(firstId)).UserId);
        Assert.Equal(userId, (await store.OrderAsync(secondId)).UserId);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/orders/{firstId}")).StatusCode);

        // The mailed link now leads to the account's order page, which needs signing in.
        var stranger = store.CreateBrowserlessClient();
        var old = await stranger.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Equal($"/orders/{firstId}", old.Headers.Location!.OriginalString);
        var followed = await stranger.GetAsync(old.Headers.Location!.OriginalString);
        Assert.StartsWith("/account/login", followed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_customer_adds_a_guest_order_placed_with_their_own_address()
    {
        var email = StoreFactory.NewEmail("returning");
        await store.CreateUserAsync(email);
        var (orderId, link) = await GuestOrderAsync(33, email);
        var client = store.CreateClient();

        var page = await client.GetDocumentAsync(link);
        var signIn = page.QuerySelectorAll("[data-testid=guest-account] a").Single(a => a.TextContent.Contains("Sign in", StringComparison.Ordinal)).GetAttribute("href")!;
        var returnUrl = Uri.UnescapeDataString(signIn["/account/login?returnUrl=".Length..]);
        // The sign-in page carries the order's link, token and all: its requests sent it on as their referrer (an
        // outside review, session 48). Another sign-in page keeps the usual policy.
        Assert.Equal("no-referrer", (await client.GetAsync(signIn)).Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-referrer", (await client.GetAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl))).Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("strict-origin-when-cross-origin", (await client.GetAsync("/account/login?returnUrl=%2Forders")).Headers.GetValues("Referrer-Policy").Single());
        var back = await Html.GetDocumentAsync(await StoreFactory.Login(client, email, StoreFactory.Password, returnUrl));
        Assert.Equal($"/guest/orders/{orderId}", new Uri(back.Url).AbsolutePath);

        var claimed = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)back.QuerySelector("[data-testid=claim-order]")!.Closest("form")!));

        Assert.Equal($"/orders/{orderId}", new Uri(claimed.Url).AbsolutePath);
        Assert.Contains("now in your account", claimed.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(await store.UserIdOfAsync(email), (await store.OrderAsync(orderId)).UserId);
    }

    [Fact]
    public async Task An_account_with_another_or_an_unconfirmed_address_cannot_claim_the_order()
    {
        var email = StoreFactory.NewEmail("owner");
        var (orderId, link) = await GuestOrderAsync(34, email);

        var other = await store.SignedInClientAsync(StoreFactory.NewEmail("someoneelse"));
        var page = await other.GetDocumentAsync(link);
        Assert.NotNull(page.QuerySelector("[data-testid=claim-refused]"));

        // Someone registers the victim's address but cannot confirm it (the link goes to the victim's mailbox).
        var squatter = store.CreateClient();
        await StoreFactory.RegisterAsync(squatter, email, "quiet meadow lantern copper");
        await StoreFactory.Login(squatter, email, "quiet meadow lantern copper");
        Assert.Null((await store.OrderAsync(orderId)).UserId);
        var asSquatter = await squatter.GetDocumentAsync(link);
        Assert.Null(asSquatter.QuerySelector("[data-testid=claim-order]"));
    }
}
