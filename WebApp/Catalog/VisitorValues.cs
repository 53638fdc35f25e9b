using System.Globalization;
using System.Text;
using WebApp.Accounts;
using WebApp.Cart;
using WebApp.Security;

namespace WebApp.Catalog;

/// <summary>What a shared page is filled with for one visitor: their antiforgery request token and cart count, as bytes.</summary>
public sealed class VisitorValues(VisitorTokens tokens, SiteCookies cookies)
{
    private static readonly byte[] s_zero = "0"u8.ToArray();
    private readonly string _cartCookie = cookies.Name("Cart");

    public byte[] Token(HttpContext context) => Encoding.ASCII.GetBytes(tokens.RequestToken(context));

    /// <summary>
    /// The header's cart count. Most visitors have no cart cookie, and for them no scoped service is made: the cart
    /// service leases a DbContext from the pool and fills the request's scope, only to answer 0.
    /// </summary>
    public async Task<byte[]> CartCountAsync(HttpContext context)
    {
        if (CurrentShopper.AnonymousCartIdIn(context.Request, _cartCookie) is null && context.User.Identity?.IsAuthenticated != true) return s_zero;
        var services = context.RequestServices;
        var count = await services.GetRequiredService<CartService>().CountAsync(services.GetRequiredService<CurrentShopper>().CartOwner, context.RequestAborted);
        return Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture));
    }
}
