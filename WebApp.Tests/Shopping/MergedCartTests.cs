using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Cart;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Shopping;

/// <summary>
/// A cart merged at sign-in is kept, empty, pointing at the account (so a declined payment's lines can follow it:
/// ApiPaymentRaceTests). These tests hold it to "no cookie finds it again" and to its clean-up.
/// </summary>
public sealed class MergedCartTests(ShopStore store) : IClassFixture<ShopStore>
{
    [Fact]
    public async Task The_old_cart_cookie_replayed_after_sign_in_is_a_new_empty_cart_and_leaves_the_account_alone()
    {
        await store.SetProductAsync(21, stock: 10);
        await store.SetProductAsync(22, stock: 10);
        var email = StoreFactory.NewEmail("replayedcart");
        await store.CreateUserAsync(email);
        var browser = store.CreateBrowserlessClient();
        var productPage = await browser.GetDocumentAsync((await browser.GetAsync("/products/21")).Headers.Location!.OriginalString);
        var added = await browser.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)productPage.QuerySelector("form.add-to-cart")!, new Dictionary<string, string> { ["Quantity"] = "3" });
        var cartCookie = added.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".WebApp.Cart=", StringComparison.Ordinal)).Split(';')[0];
        var signedIn = store.CreateClient();
        signedIn.DefaultRequestHeaders.Add("Cookie", cartCookie);
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(signedIn, email, StoreFactory.Password)).StatusCode);
        Assert.Equal(3, await ShopStore.HeaderCountAsync(signedIn));

        // The cookie copied before the sign-in (a second browser profile, a stolen value): its cart is now the account's.
        var replay = store.CreateClient();
        replay.DefaultRequestHeaders.Add("Cookie", cartCookie);
        Assert.NotNull((await replay.GetDocumentAsync("/cart")).QuerySelector("[data-testid=cart-empty]"));
        await ShopStore.AddToCartAsync(replay, 22, "1");
        Assert.Equal(1, await ShopStore.HeaderCountAsync(replay));

        Assert.Equal(3, await ShopStore.HeaderCountAsync(signedIn));
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var anonymousId = Uri.UnescapeDataString(cartCookie[(cartCookie.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        Assert.Equal(0, await db.CartLines.CountAsync(l => l.CartId == anonymousId));
    }

    [Fact]
    public async Task An_add_sent_from_another_tab_while_signing_in_reaches_the_account_cart()
    {
        await store.SetProductAsync(23, stock: 10);
        var email = StoreFactory.NewEmail("addwhilesigningin");
        await store.CreateUserAsync(email);
        var jar = new System.Net.CookieContainer();
        var browser = store.CreateDefaultClient(new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(), new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(jar));
        var product = await browser.GetDocumentAsync("/products/23");
        var add = Html.FormRequest((AngleSharp.Html.Dom.IHtmlFormElement)product.QuerySelector("form.add-to-cart")!, new Dictionary<string, string> { ["Quantity"] = "2" });
        var before = jar.GetCookieHeader(browser.BaseAddress!);

        // The sign-in answers first; the add, sent with the cookies from before it, lands after and makes a guest cart
        // the sign-in never saw. Its item was gone from the signed-in cart (an outside review, session 46).
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);
        var otherTab = store.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        add.Headers.Add("Cookie", before);
        var added = await otherTab.SendAsync(add);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        foreach (var cookie in added.Headers.GetValues("Set-Cookie")) jar.SetCookies(browser.BaseAddress!, cookie);

        Assert.Equal(2, await ShopStore.HeaderCountAsync(browser));
        Assert.Equal(2, await ShopStore.HeaderCountAsync(browser));
        Assert.DoesNotContain(".WebApp.Cart=", jar.GetCookieHeader(browser.BaseAddress!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_says_when_the_two_carts_held_more_than_one_cart_may()
    {
        await store.SetProductAsync(24, stock: 500);
        var email = StoreFactory.NewEmail("capped");
        var browser = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(browser, 24, "80");
        await browser.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)(await browser.GetDocumentAsync("/")).QuerySelector("form[action='/account/logout']")!);
        await ShopStore.AddToCartAsync(browser, 24, "30");

        // 80 and 30 became 99 without a word (session 46's review).
        var signedIn = await StoreFactory.Login(browser, email, StoreFactory.Password);

        var flash = (await Html.GetDocumentAsync(signedIn)).QuerySelector("[data-testid=flash]")?.TextContent.Trim() ?? "";
        Assert.StartsWith("Your cart from before you signed in joined your account's, with less of some products than the two carts held together: ", flash, StringComparison.Ordinal);
        Assert.Contains("(now 99: the most one cart may hold)", flash, StringComparison.Ordinal);
        Assert.Equal(99, await ShopStore.HeaderCountAsync(browser));

        // Capped by stock, it says so and what the cart now holds (it said "more than the 99 a cart may hold, or than is
        // in stock"; session 52's review).
        await store.SetProductAsync(26, stock: 3);
        await ShopStore.AddToCartAsync(browser, 26, "2");
        await browser.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)(await browser.GetDocumentAsync("/")).QuerySelector("form[action='/account/logout']")!);
        // The account's cart has 2; a visitor's add of 2 more is refused by stock, so the guest cart takes 2 of its own.
        await ShopStore.AddToCartAsync(browser, 26, "2");
        flash = (await Html.GetDocumentAsync(await StoreFactory.Login(browser, email, StoreFactory.Password))).QuerySelector("[data-testid=flash]")?.TextContent ?? "";
        Assert.Contains("(now 3: all 3 in stock)", flash, StringComparison.Ordinal);
        Assert.Equal(102, await ShopStore.HeaderCountAsync(browser));

        // A merge that fits says nothing.
        await browser.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)(await browser.GetDocumentAsync("/")).QuerySelector("form[action='/account/logout']")!);
        await store.SetProductAsync(25, stock: 10);
        await ShopStore.AddToCartAsync(browser, 25, "1");
        Assert.Null((await Html.GetDocumentAsync(await StoreFactory.Login(browser, email, StoreFactory.Password))).QuerySelector("[data-testid=flash]"));
        Assert.Equal(103, await ShopStore.HeaderCountAsync(browser));
    }

    [Fact]
    public async Task Start_up_purges_carts_merged_over_a_day_ago_and_anonymous_ones_untouched_for_30_days_only()
    {
        var email = StoreFactory.NewEmail("purge");
        await store.CreateUserAsync(email);
        var userId = await store.UserIdAsync(email);
        var now = new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);
        var carts = new (string Id, string? UserId, string? MergedInto, DateTime UpdatedAt, bool Kept)[]
        {
            ("purge-fresh-" + Guid.NewGuid().ToString("N"), null, null, now.AddDays(-29), true),
            ("purge-stale-" + Guid.NewGuid().ToString("N"), null, null, now.AddDays(-31), false),
            ("purge-merged-just-" + Guid.NewGuid().ToString("N"), null, userId, now.AddHours(-2), true),
            ("purge-merged-old-" + Guid.NewGuid().ToString("N"), null, userId, now.AddDays(-2), false),
        };
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        db.Carts.AddRange(carts.Select(c => new ShoppingCart { Id = c.Id, UserId = c.UserId, MergedIntoUserId = c.MergedInto, CreatedAt = c.UpdatedAt, UpdatedAt = c.UpdatedAt }));
        // An account's cart is never purged, however old.
        var accountCart = new ShoppingCart { Id = "purge-account-" + Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now.AddYears(-1), UpdatedAt = now.AddYears(-1) };
        db.Carts.Add(accountCart);
        await db.SaveChangesAsync();

        await CartService.PurgeAbandonedAsync(db, now);

        var left = await db.Carts.AsNoTracking().Where(c => c.Id.StartsWith("purge-")).Select(c => c.Id).ToListAsync();
        Assert.Equal(carts.Where(c => c.Kept).Select(c => c.Id).Append(accountCart.Id).Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
    }
}
