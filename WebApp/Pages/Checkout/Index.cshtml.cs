using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
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
/// One page: address, delivery, payment and the order review. Totals are always recomputed from current prices; the
/// form only carries the subtotal the shopper saw, so a price change between showing and placing is shown first, and
/// a one-time key, so a repeated submit finds the order it already made.
/// </summary>
[EnableRateLimiting(RateLimits.Checkout)]
public sealed class IndexModel(StoreDbContext db, CartService carts, PlaceOrder placeOrder, IEnumerable<IPaymentGateway> gateways,
    IOptions<CheckoutOptions> options, UserManager<StoreUser> users, IEmailSender email, MailLinks links, TimeProvider clock,
    ILogger<IndexModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public CartView Cart { get; private set; } = CartView.Empty;
    public CheckoutOptions Options => options.Value;
    public IReadOnlyList<IPaymentGateway> Gateways { get; } = [.. gateways];

    public Quote QuoteFor(ShippingRate rate) => Quote.For(Cart, rate, Options);

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the name of the person receiving the order.")]
        [StringLength(100, ErrorMessage = "Keep the name under 100 characters.")]
        [Display(Name = "Full name")]
        public string FullName { get; set; } = "";

        [Required(ErrorMessage = "Enter the street address.")]
        [StringLength(100, ErrorMessage = "Keep each address line under 100 characters.")]
        [Display(Name = "Address line 1")]
        public string AddressLine1 { get; set; } = "";

        [StringLength(100, ErrorMessage = "Keep each address line under 100 characters.")]
        [Display(Name = "Address line 2 (optional)")]
        public string? AddressLine2 { get; set; }

        [Required(ErrorMessage = "Enter the town or city.")]
        [StringLength(60, ErrorMessage = "Keep the city under 60 characters.")]
        public string City { get; set; } = "";

        [Required(ErrorMessage = "Enter the postal code.")]
        [RegularExpression(@"^[A-Za-z0-9](?:[A-Za-z0-9 \-]{0,10}[A-Za-z0-9])?$", ErrorMessage = "Enter a postal code of letters and digits (up to 12).")]
        [Display(Name = "Postal code")]
        public string PostalCode { get; set; } = "";

        [Required(ErrorMessage = "Choose the country.")]
        public string Country { get; set; } = "";

        [Required(ErrorMessage = "Enter a phone number for the courier.")]
        [RegularExpression(@"^\+?[0-9 ()\-]{6,24}$", ErrorMessage = "Enter a phone number of digits, spaces and dashes, e.g. +1 555 0100.")]
        public string Phone { get; set; } = "";

        [Required(ErrorMessage = "Choose a delivery option.")]
        [Display(Name = "Delivery")]
        public string ShippingMethod { get; set; } = "";

        [Required(ErrorMessage = "Choose how to pay.")]
        [Display(Name = "Payment")]
        public string PaymentMethod { get; set; } = "";

        [Display(Name = "Card number")]
        [StringLength(30)]
        public string? CardNumber { get; set; }

        [Display(Name = "Expiry (MM/YY)")]
        [StringLength(7)]
        public string? CardExpiry { get; set; }

        [Display(Name = "Security code")]
        [StringLength(4)]
        public string? CardCvc { get; set; }

        [Display(Name = "Name on card")]
        [StringLength(100)]
        public string? CardName { get; set; }

        [Required]
        [StringLength(64)]
        public string IdempotencyKey { get; set; } = "";

        public long QuotedSubtotalCents { get; set; }
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
        var shipping = Options.Shipping(Input.ShippingMethod);
        var gateway = Gateways.FirstOrDefault(g => g.Method == Input.PaymentMethod);
        if (Input.ShippingMethod.Length > 0 && shipping is null) ModelState.AddModelError("Input.ShippingMethod", "Choose one of the delivery options.");
        if (Input.Country.Length > 0 && Options.Countries.All(c => c.Code != Input.Country)) ModelState.AddModelError("Input.Country", "We do not ship to that country; choose one from the list.");
        if (Input.PaymentMethod.Length > 0 && gateway is null) ModelState.AddModelError("Input.PaymentMethod", "Choose one of the ways to pay.");
        var card = gateway?.NeedsCard == true ? ReadCard() : null;

        if (!ModelState.IsValid || shipping is null || gateway is null) return await Redisplay(ct);

        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var request = new OrderRequest(user.Id, user.Email!, Input.IdempotencyKey,
            new ShippingAddress(Input.FullName.Trim(), Input.AddressLine1.Trim(), string.IsNullOrWhiteSpace(Input.AddressLine2) ? null : Input.AddressLine2.Trim(),
                Input.City.Trim(), Input.PostalCode.Trim().ToUpperInvariant(), Input.Country, Input.Phone.Trim()),
            shipping, gateway, card, Input.QuotedSubtotalCents);

        switch (await placeOrder.PlaceAsync(request, ct))
        {
            case PlaceOrderResult.Placed { Repeat: true } repeat:
                Flash.Set(TempData, "This order was already placed; here it is.");
                return Redirect($"/orders/{repeat.OrderId}");
            case PlaceOrderResult.Placed placed:
                await SendConfirmation(placed.OrderId, ct);
                Flash.Set(TempData, $"Thank you! Order #{placed.OrderId} is placed. A confirmation is on its way to {user.Email}.");
                return Redirect($"/orders/{placed.OrderId}");
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
            default:
                ModelState.AddModelError(string.Empty, "This checkout form had expired. Check the details and place the order again.");
                return await Redisplay(ct, newKey: true);
        }
    }

    private string UserId => CurrentShopper.UserIdOf(User)!;

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

    private CardDetails? ReadCard()
    {
        var number = new string((Input.CardNumber ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (number.Length == 0) ModelState.AddModelError("Input.CardNumber", "Enter the card number.");
        else if (number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit) || !PassesLuhn(number)) ModelState.AddModelError("Input.CardNumber", "That is not a valid card number; check the digits.");

        var expiry = (Input.CardExpiry ?? "").Replace(" ", "", StringComparison.Ordinal);
        var (month, year) = (0, 0);
        if (expiry.Length == 0) ModelState.AddModelError("Input.CardExpiry", "Enter the expiry date as MM/YY.");
        else if (!DateTime.TryParseExact(expiry, ["MM/yy", "M/yy", "MM/yyyy", "M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            ModelState.AddModelError("Input.CardExpiry", "Enter the expiry date as MM/YY, e.g. 04/29.");
        }
        else
        {
            (month, year) = (date.Month, date.Year);
            var now = clock.GetUtcNow();
            if (year < now.Year || (year == now.Year && month < now.Month)) ModelState.AddModelError("Input.CardExpiry", "This card has expired.");
        }

        var cvc = Input.CardCvc?.Trim() ?? "";
        if (cvc.Length == 0) ModelState.AddModelError("Input.CardCvc", "Enter the 3 or 4 digit security code.");
        else if (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit)) ModelState.AddModelError("Input.CardCvc", "The security code is 3 or 4 digits.");

        var name = Input.CardName?.Trim() ?? "";
        if (name.Length == 0) ModelState.AddModelError("Input.CardName", "Enter the name as it is on the card.");

        return ModelState.IsValid ? new CardDetails(number, month, year, cvc, name) : null;
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1 && (d *= 2) > 9) d -= 9;
            sum += d;
        }
        return sum % 10 == 0;
    }

    // The order exists whatever happens to the mail: a mail failure is logged, never shown as a failed order.
    private async Task SendConfirmation(int orderId, CancellationToken ct)
    {
        try
        {
            var order = await db.Orders.AsNoTracking().Include(o => o.Lines).FirstAsync(o => o.Id == orderId, ct);
            await email.SendAsync(OrderMail.Confirmation(order, links.Link(Request, $"/orders/{orderId}")), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Order {OrderId} placed but its confirmation mail failed", orderId);
        }
    }
}
