using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Cart;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Security;

namespace WebApp.Pages.Checkout;

/// <summary>
/// One page: address, delivery, payment and the order review; <see cref="PlaceOrder"/> does the checking and placing.
/// Totals are always recomputed from current prices; the form only carries the subtotal the shopper saw, so a price
/// change between showing and placing is shown first, and a one-time key, so a repeated submit finds the order it
/// already made.
/// </summary>
[EnableRateLimiting(RateLimits.Checkout)]
public sealed class IndexModel(StoreDbContext db, CartService carts, PlaceOrder placeOrder, IEnumerable<IPaymentGateway> gateways,
    IOptions<CheckoutOptions> options, IConfiguration configuration) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CartView Cart { get; private set; } = CartView.Empty;
    public CheckoutOptions Options => options.Value;
    public IReadOnlyList<IPaymentGateway> Gateways { get; } = [.. gateways];

    public Quote QuoteFor(ShippingRate rate) => Quote.For(Cart, rate, Options);

    /// <summary>The form's fields, named as <see cref="PlaceOrderRequest"/>'s, which says what each must hold.</summary>
    public sealed class InputModel
    {
        [Display(Name = "Full name")]
        public string? FullName { get; set; }

        [Display(Name = "Address line 1")]
        public string? AddressLine1 { get; set; }

        [Display(Name = "Address line 2 (optional)")]
        public string? AddressLine2 { get; set; }

        public string? City { get; set; }

        [Display(Name = "Postal code")]
        public string? PostalCode { get; set; }

        public string? Country { get; set; }

        public string? Phone { get; set; }

        public string? ShippingMethod { get; set; }

        public string? PaymentMethod { get; set; }

        public string? CardNumber { get; set; }

        [Display(Name = "Expiry (MM/YY)")]
        public string? CardExpiry { get; set; }

        public string? CardCvc { get; set; }

        [Display(Name = "Name on card")]
        public string? CardName { get; set; }

        public string? IdempotencyKey { get; set; }

        public long QuotedSubtotalCents { get; set; }

        public PlaceOrderRequest ToRequest() => new()
        {
            FullName = FullName, AddressLine1 = AddressLine1, AddressLine2 = AddressLine2, City = City, PostalCode = PostalCode, Country = Country, Phone = Phone,
            ShippingMethod = ShippingMethod, PaymentMethod = PaymentMethod,
            CardNumber = CardNumber, CardExpiry = CardExpiry, CardCvc = CardCvc, CardName = CardName,
            IdempotencyKey = IdempotencyKey, QuotedSubtotalCents = QuotedSubtotalCents,
        };
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Cart = await carts.LoadForUserAsync(UserId, ct);
        if (GoBackToCart() is { } back) return back;

        Input = new InputModel
        {
            IdempotencyKey = NewKey(),
            QuotedSubtotalCents = Cart.SubtotalCents,
            ShippingMethod = Options.ShippingMethods[0].Code,
            PaymentMethod = Gateways[0].Method,
            Country = Options.Countries[0].Code,
        };
        // Returning shoppers start from the address of their last order.
        var last = await db.Orders.AsNoTracking().Where(o => o.UserId == UserId).OrderByDescending(o => o.Id)
            .Select(o => new { o.FullName, o.AddressLine1, o.AddressLine2, o.City, o.PostalCode, o.Country, o.Phone }).FirstOrDefaultAsync(ct);
        if (last is not null)
        {
            (Input.FullName, Input.AddressLine1, Input.AddressLine2, Input.City, Input.PostalCode, Input.Country, Input.Phone) =
                (last.FullName, last.AddressLine1, last.AddressLine2, last.City, last.PostalCode, last.Country, last.Phone);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every field binds as text; only the hidden subtotal, altered by hand, can fail to bind.
        if (!ModelState.IsValid) return await Redisplay(ct);

        switch (await placeOrder.PlaceAsync(UserId, Input.ToRequest(), AccountMail.Link(Request, configuration, ""), ct))
        {
            case PlaceOrderResult.Placed { Repeat: true } repeat:
                Flash.Set(TempData, "This order was already placed; here it is.");
                return Redirect($"/orders/{repeat.OrderId}");
            case PlaceOrderResult.Placed placed:
                Flash.Set(TempData, $"Thank you! Order #{placed.OrderId} is placed. A confirmation is on its way to {placed.Email}.");
                return Redirect($"/orders/{placed.OrderId}");
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

    private string UserId => CartService.UserIdOf(User)!;

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
        Cart = await carts.LoadForUserAsync(UserId, ct);
        if (Cart.Items.Count == 0) return GoBackToCart()!;
        Input.QuotedSubtotalCents = Cart.SubtotalCents;
        if (newKey || string.IsNullOrEmpty(Input.IdempotencyKey)) Input.IdempotencyKey = NewKey();
        return Page();
    }
}
