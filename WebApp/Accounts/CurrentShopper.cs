using System.Security.Claims;
using WebApp.Cart;
using WebApp.Security;

namespace WebApp.Accounts;

/// <summary>
/// Who is shopping in this request: the signed-in user, or the anonymous cart named by the cart cookie. The only code
/// that reads, issues or renews that cookie; everything below it (the cart, orders, checkout) works on ids, so an API
/// call with a bearer token is served by the same code as a page.
/// </summary>
public sealed class CurrentShopper(IHttpContextAccessor accessor, SiteCookies cookies)
{
    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("CurrentShopper is used outside a request.");

    private string CookieName => cookies.Name("Cart");

    /// <summary>The signed-in user's id, or null: the app's one reading of "the current user".</summary>
    public static string? UserIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public string? UserId => UserIdOf(Http.User);

    /// <summary>The anonymous cart id from the cookie, if it looks like one we issued (anything else is ignored).</summary>
    public string? AnonymousCartId => AnonymousCartIdIn(Http.Request, CookieName);

    /// <summary>The same, for code that must not create a request's scoped services just to learn there is no cart.</summary>
    public static string? AnonymousCartIdIn(HttpRequest request, string cookieName) =>
        request.Cookies[cookieName] is { Length: CartService.IdLength } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? id : null;

    /// <summary>Whose cart this request works on: the account's when signed in, else the cookie's.</summary>
    public CartOwner CartOwner => UserId is { } userId ? CartOwner.Account(userId) : CartOwner.Anonymous(AnonymousCartId);

    /// <summary>After any cart change: issues or renews the cookie of the anonymous cart it touched (30 days from then).</summary>
    public void Remember(CartChange change)
    {
        if (change.AnonymousCartId is { } cartId) Http.Response.Cookies.Append(CookieName, cartId, cookies.Options(CartService.AnonymousLifetime));
    }

    public void ForgetAnonymousCart() => Http.Response.Cookies.Delete(CookieName, cookies.Options());
}
