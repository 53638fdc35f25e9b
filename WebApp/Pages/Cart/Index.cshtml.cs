using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Accounts;
using WebApp.Cart;
using WebApp.Security;

namespace WebApp.Pages.Cart;

/// <summary>
/// The cart page and the handlers every add, update and remove form posts to. One set of handlers answers three
/// ways: JSON for the script on product and listing pages, the cart fragment for the script on this page, and
/// post-redirect-get with a flash message when there is no script.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(RateLimits.Cart)]
[ExpiredFormAnswer]
public sealed class IndexModel(CartService carts, CurrentShopper shopper) : PageModel
{
    public const string FragmentHeader = "X-Cart-Fragment";

    public CartView Cart { get; private set; } = CartView.Empty;

    public async Task OnGetAsync(CancellationToken ct) => Cart = await carts.LoadAsync(shopper.CartOwner, ct);

    // Quantities arrive as text: anything that is not a whole number binds as 0 and gets the 1-99 message.
    public async Task<IActionResult> OnPostAddAsync(int productId, int quantity, string? returnUrl, CancellationToken ct)
    {
        // Exactly one product id, as digits. A product grid is one form whose pressed button names the product, so a post
        // with none, two or a made-up one was not sent by a page: binding would take the first of two, or 0, and add the
        // wrong product silently or blame the product.
        if (!OneProduct()) return await Answer(await NotOneAsync("Choose one product to add.", ct), returnUrl, ct);
        return await Answer(await carts.AddAsync(shopper.CartOwner, productId, quantity, ct), returnUrl, ct, productId);
    }

    // The same for a line's update and remove: two ids changed the first line silently, and "abc" said the product was
    // "not sold here any more" (an outside review, session 44).
    public async Task<IActionResult> OnPostUpdateAsync(int productId, int quantity, CancellationToken ct) => OneProduct()
        ? await Answer(await carts.SetQuantityAsync(shopper.CartOwner, productId, quantity, ct), null, ct)
        : await Answer(await NotOneAsync("Choose one line of the cart to change.", ct), null, ct);

    public async Task<IActionResult> OnPostRemoveAsync(int productId, CancellationToken ct) => OneProduct()
        ? await Answer(await carts.RemoveAsync(shopper.CartOwner, productId, ct), null, ct)
        : await Answer(await NotOneAsync("Choose one line of the cart to remove.", ct), null, ct);

    private bool OneProduct() => int.TryParse(Request.Form["ProductId"], NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private async Task<CartChange> NotOneAsync(string message, CancellationToken ct) =>
        new(false, message, await carts.CountAsync(shopper.CartOwner, ct), Problem: CartProblem.NotSold);

    public async Task<IActionResult> OnPostUndoAsync(string? undo, CancellationToken ct) =>
        await Answer(await carts.UndoRemoveAsync(shopper.CartOwner, undo, ct), null, ct);

    /// <param name="addedProductId">The product an add was for: a listing it came from shows the message on its tile.</param>
    private async Task<IActionResult> Answer(CartChange change, string? returnUrl, CancellationToken ct, int? addedProductId = null)
    {
        shopper.Remember(change);
        if (WantsJson(Request))
        {
            return change.Succeeded ? new JsonResult(new { ok = true, message = change.Message, count = change.Count }) : NotChanged(change.Message, change.Count);
        }

        if (Request.Headers.ContainsKey(FragmentHeader))
        {
            Cart = await carts.LoadAsync(shopper.CartOwner, ct);
            var fragment = Partial("_CartContents", new CartContents(Cart, change.Message, !change.Succeeded, change.UndoToken));
            if (!change.Succeeded) fragment.StatusCode = StatusCodes.Status400BadRequest;
            return fragment;
        }

        Flash.Set(TempData, change.Message, isError: !change.Succeeded, linksToCart: change.Succeeded && change.UndoToken is null, undoToken: change.UndoToken,
            productId: addedProductId);
        var back = SafeRedirect.LocalOr(Url, returnUrl, "/cart");
        // Without script, an add from a listing came back to the page's top, where its message was, and the shopper
        // scrolled down to where they were (left as found in session 48). The listing writes the message on the
        // product's tile under this id; a page without that tile has no such element and opens at its top as before.
        if (addedProductId is not null && !back.Contains('#', StringComparison.Ordinal) && back != "/cart") back += "#" + Flash.InPlaceId;
        return LocalRedirect(back);
    }

    /// <summary>Whether the post came from the script on product and listing pages, which reads JSON.</summary>
    internal static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>The script's answer to a change refused: a ProblemDetails whose detail it shows, with the count if known.</summary>
    internal static ObjectResult NotChanged(string message, int? count)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The cart was not changed.",
            Detail = message,
        };
        if (count is not null) problem.Extensions["count"] = count;
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
    }
}
