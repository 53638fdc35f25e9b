using WebApp.Accounts;

namespace WebApp.Cart;

/// <summary>
/// A signed-in request that still carries a guest cart's cookie has that cart merged into the account's, as the sign-in
/// itself does. An add sent from another tab while the sign-in was on its way made a guest cart the sign-in never saw
/// (it had no cookie yet, or its cart was merged a moment before), and the item vanished from the signed-in cart: 13
/// of 13 tries in an outside review (session 46). The merge of a cart already merged or gone does nothing.
/// </summary>
public static class LeftoverGuestCart
{
    public static IApplicationBuilder UseLeftoverGuestCartMerge(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true
            && CurrentShopper.AnonymousCartIdIn(context.Request, context.RequestServices.GetRequiredService<WebApp.Security.SiteCookies>().Name("Cart")) is { } cartId
            && CurrentShopper.UserIdOf(context.User) is { } userId)
        {
            var shopper = context.RequestServices.GetRequiredService<CurrentShopper>();
            shopper.ForgetAnonymousCart();
            await context.RequestServices.GetRequiredService<CartService>().MergeAsync(cartId, userId, context.RequestAborted);
        }
        await next(context);
    });
}
