using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Cart;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Security;

namespace WebApp.Pages.Checkout;

/// <summary>
/// One page: address, delivery, payment and the order review; <see cref="PlaceOrder"/> does the checking and placing.
/// Totals are always recomputed from current prices; the form only carries the subtotal the shopper saw, so a price
/// change between showing and placing is shown first, and a one-time key, so a repeated submit finds the order it
/// already made. A shopper who is not signed in checks out as a guest, with the anonymous cart and an email address;
/// the same use case places the order, and the guest lands on the order's signed link (the one the mail carries).
/// </summary>
[EnableRateLimiting(RateLimits.Checkout)]
public sealed class IndexModel(StoreDbContext db, CartService carts, PlaceOrder placeOrder, IEnumerable<IPaymentGateway> gateways,
    IOptions<CheckoutOptions> options, MailLinks links, CurrentShopper shopper, OrderLinks orderLinks) : PageModel
{
    /// <summary>The form is the use case's request, as typed; <see cref="PlaceOrder"/> checks it.</summary>
    [BindProperty]
    public PlaceOrderRequest Input { get; set; } = new();

    public CartView Cart { get; private set; } = CartView.Empty;
    public CheckoutOptions Options => options.Value;
    public IReadOnlyList<IPaymentGateway> Gateways { get; } = [.. gateways];

    public Quote QuoteFor(ShippingRate rate) => Quote.For(Cart, rate, Options);

    /// <summary>Not signed in: the page asks for an email address and offers sign-in instead.</summary>
    public bool IsGuest => shopper.UserId is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Cart = await carts.LoadAsync(shopper.CartOwner, ct);
        if (GoBackToCart() is { } back) return back;

        // Returning shoppers start from the address of their last order.
        var last = IsGuest ? null : await db.Orders.AsNoTracking().Where(o => o.UserId == shopper.UserId).OrderByDescending(o => o.Id)
            .Select(o => new PlaceOrderRequest { FullName = o.FullName, AddressLine1 = o.AddressLine1, AddressLine2 = o.AddressLine2, City = o.City, PostalCode = o.PostalCode, Country = o.Country, Phone = o.Phone })
            .FirstOrDefaultAsync(ct);
        Input = (last ?? new PlaceOrderRequest { Country = Options.Countries[0].Code }) with
        {
            IdempotencyKey = NewKey(),
            QuotedSubtotalCents = Cart.SubtotalCents,
            ShippingMethod = Options.ShippingMethods[0].Code,
            PaymentMethod = Gateways[0].Method,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every field binds as text; only the hidden subtotal, altered by hand, can fail to bind.
        if (!ModelState.IsValid) return await Redisplay(ct);

        switch (await placeOrder.PlaceAsync(shopper.CartOwner, Input, links.Link(Request, ""), ct))
        {
            case PlaceOrderResult.Placed { Repeat: true } repeat:
                Flash.Set(TempData, "This order was already placed; here it is.");
                return Redirect(OrderPath(repeat.OrderId));
            case PlaceOrderResult.Placed placed:
                Flash.Set(TempData, $"Thank you! Order #{placed.OrderId} is placed. A confirmation is on its way to {placed.Email}.");
                return Redirect(OrderPath(placed.OrderId));
            case PlaceOrderResult.Invalid invalid:
                foreach (var (field, messages) in invalid.Errors)
                {
                    foreach (var message in messages) ModelState.AddModelError($"{nameof(Input)}.{field}", message);
                }
                return await Redisplay(ct);
            case PlaceOrderResult.UnknownShopper:
                return Challenge();
            case PlaceOrderResult.EmptyCart:
                Flash.Set(TempData, "Your cart is empty.", isError: true);
                return Redirect("/cart");
            case PlaceOrderResult.OutOfStock outOfStock:
                foreach (var line in outOfStock.Lines)
                {
                    ModelState.AddModelError(string.Empty, line.Available > 0
                        ? $"{line.Name}: only {line.Available} left, you asked for {line.Requested}. Lower the quantity in your cart."
                        : $"{line.Name} just sold out. Remove it from your cart.");
                }
                return await Redisplay(ct);
            case PlaceOrderResult.PricesChanged:
                ModelState.AddModelError(string.Empty, "Prices changed while you were checking out. Check the new totals and place the order again.");
                return await Redisplay(ct);
            case PlaceOrderResult.Declined declined:
                ModelState.AddModelError("Input.CardNumber", declined.Message);
                return await Redisplay(ct, newKey: true);
            case PlaceOrderResult.FormExpired:
                ModelState.AddModelError(string.Empty, "This checkout form had expired. Check the details and place the order again.");
                return await Redisplay(ct, newKey: true);
            case var other:
                throw new System.Diagnostics.UnreachableException($"No answer for {other}.");
        }
    }

    // A guest has no order list to come back to: they go where their mail's link goes.
    private string OrderPath(int orderId) => IsGuest ? orderLinks.GuestPath(orderId) : Order.PathOf(orderId);

    private static string NewKey() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private RedirectResult? GoBackToCart()
    {
        if (Cart.CanCheckOut) return null;
        Flash.Set(TempData, Cart.Items.Count == 0 ? "Your cart is empty: add something to check out." : "Some lines in your cart need attention before you check out.", isError: true);
        return Redirect("/cart");
    }

    /// <summary>The same form again, with messages. Card number and code are never written back into the page (see the view).</summary>
    private async Task<IActionResult> Redisplay(CancellationToken ct, bool newKey = false)
    {
        Cart = await carts.LoadAsync(shopper.CartOwner, ct);
        if (Cart.Items.Count == 0) return GoBackToCart()!;
        Input = Input with
        {
            QuotedSubtotalCents = Cart.SubtotalCents,
            IdempotencyKey = newKey || string.IsNullOrEmpty(Input.IdempotencyKey) ? NewKey() : Input.IdempotencyKey,
        };
        return Page();
    }
}
