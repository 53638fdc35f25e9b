using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Addresses;
using WebApp.Mail;
using WebApp.Cart;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Orders;
using WebApp.Security;
using WebApp.Tax;

namespace WebApp.Pages.Checkout;

/// <summary>
/// One page: address, delivery, payment and the order review; <see cref="PlaceOrder"/> does the checking and placing.
/// Totals are always recomputed from current prices; the form only carries the subtotal the shopper saw, so a price
/// change between showing and placing is shown first, and a one-time key, so a repeated submit finds the order it
/// already made. A shopper who is not signed in checks out as a guest, with the anonymous cart and an email address;
/// the same use case places the order, and the guest lands on the order's signed link (the one the mail carries).
/// </summary>
[EnableRateLimiting(RateLimits.Checkout)]
public sealed class IndexModel(CartService carts, PlaceOrder placeOrder, IEnumerable<IPaymentGateway> gateways,
    IOptions<CheckoutOptions> options, TaxRates taxes, SavedAddresses savedAddresses, MailLinks links, CurrentShopper shopper, OrderLinks orderLinks, WebApp.Data.StoreDbContext db) : PageModel
{
    /// <summary>The form is the use case's request, as typed; <see cref="PlaceOrder"/> checks it.</summary>
    [BindProperty]
    public PlaceOrderRequest Input { get; set; } = new();

    public CartView Cart { get; private set; } = CartView.Empty;
    public CheckoutOptions Options => options.Value;
    public IReadOnlyList<IPaymentGateway> Gateways { get; } = [.. gateways];

    /// <summary>The customer's saved addresses, newest first; the newest fills the form unless they pick another.</summary>
    public IReadOnlyList<SavedAddress> SavedAddresses { get; private set; } = [];

    /// <summary>Not signed in: the page asks for an email address and offers sign-in instead.</summary>
    public bool IsGuest => shopper.UserId is null;

    /// <summary>The totals for the address in the form: its tax is null until the address says where the goods go.</summary>
    public Quote QuoteFor(ShippingRate rate) => Quote.For(Cart, rate, taxes, TaxCountry, TaxRegion);

    /// <summary>True when the form's country (and region, where the country has a list) settle the tax.</summary>
    public bool DestinationKnown => Options.Countries.Any(c => c.Code == Input.Country)
        && (!AddressRules.For(Input.Country).HasRegionList || AddressRules.For(Input.Country).FindRegion(Input.Region) is not null);

    private string? TaxCountry => DestinationKnown ? Input.Country : null;
    private string? TaxRegion => DestinationKnown ? AddressRules.For(Input.Country).FindRegion(Input.Region)?.Code ?? Input.Region : null;

    /// <param name="address">A saved address to start from instead of the newest.</param>
    public async Task<IActionResult> OnGetAsync(int? address, CancellationToken ct)
    {
        Cart = await carts.LoadAsync(shopper.CartOwner, ct);
        if (GoBackToCart() is { } back) return back;

        // Returning shoppers start from their newest saved address, or the one they picked.
        SavedAddresses = await SavedAddressesAsync(ct);
        var start = SavedAddresses.FirstOrDefault(a => a.Id == address) ?? (SavedAddresses.Count > 0 ? SavedAddresses[0] : null);
        Input = (start is null
            ? new PlaceOrderRequest { Country = Options.Countries[0].Code }
            : new PlaceOrderRequest
            {
                FullName = start.FullName, AddressLine1 = start.Line1, AddressLine2 = start.Line2, City = start.City, Region = start.Region,
                PostalCode = start.PostalCode, Country = start.Country, Phone = start.Phone,
            }) with
        {
            IdempotencyKey = NewKey(),
            ShippingMethod = Options.ShippingMethods[0].Code,
            PaymentMethod = Gateways[0].Method,
        };
        SetQuoted();
        return Page();
    }

    /// <summary>"Update totals": the same form again with the tax for the address as typed, nothing placed or checked.</summary>
    public async Task<IActionResult> OnPostTotalsAsync(CancellationToken ct)
    {
        ModelState.Clear();
        return await Redisplay(ct);
    }

    /// <summary>What "Remove" beside a line that cannot be bought did, said above the review.</summary>
    public string? Removed { get; private set; }

    /// <summary>
    /// "Remove" beside a line that sold out (or stopped being sold) while the page was open: the form comes back as
    /// typed, without the line. The page kept such a line in the review, counted in the total, above "Place order", with
    /// only "Change the cart" to leave by, losing a guest's address (an outside review, session 52).
    /// </summary>
    public async Task<IActionResult> OnPostRemoveAsync(int productId, CancellationToken ct)
    {
        ModelState.Clear();
        Removed = (await carts.RemoveAsync(shopper.CartOwner, productId, ct)).Message;
        return await Redisplay(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Every field binds as text; only the hidden figures and key, altered by hand, can fail. They are the form's own,
        // not the shopper's: the page said nothing of them, or showed the framework's "The value 'abc' is not valid for
        // QuotedSubtotalCents" (an outside review, session 44). The form is shown again as expired, with a new key.
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Input.IdempotencyKey) || Input.IdempotencyKey.Length > 64 || Input.QuotedLines is { Length: > 64 }) return await Expired(ct);

        switch (await placeOrder.PlaceAsync(shopper.CartOwner, Input with { ShowsTax = true }, links.Link(Request, ""), ct))
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
                // Most often the cart was just ordered from another tab or window (one cart is one order): say so, and
                // show a signed-in shopper that order, where the page said only "Your cart is empty." (an outside
                // review, session 45).
                if (shopper.UserId is { } userId && await RecentOrderAsync(userId) is { } recent)
                {
                    Flash.Set(TempData, $"Your cart was already ordered, as order #{recent}, from another tab or window. Nothing more was placed.");
                    return Redirect(WebApp.Orders.Order.PathOf(recent));
                }
                // A guest's form sent just after they signed in from another tab: the cart went to the account, where
                // the page said "Your cart is empty" above a full cart (session 46's review).
                if (IsGuest && await carts.WasMergedAsync(shopper.AnonymousCartId, ct))
                {
                    Flash.Set(TempData, "You signed in from another tab or window, so your cart is now in your account. Nothing was ordered: check out from here.", isError: true);
                    return Redirect("/cart");
                }
                Flash.Set(TempData, IsGuest
                    ? "Your cart is empty. If you placed the order in another tab or window, its confirmation is in your email."
                    : "Your cart is empty.", isError: true);
                return Redirect("/cart");
            case PlaceOrderResult.OutOfStock outOfStock:
                foreach (var line in outOfStock.Lines)
                {
                    ModelState.AddModelError(string.Empty, line.Message);
                }
                return await Redisplay(ct);
            case PlaceOrderResult.PricesChanged { LinesChanged: true }:
                ModelState.AddModelError(string.Empty, "Your cart changed in another tab or window since this page was shown. Nothing was ordered: check the order below and place it again.");
                return await Redisplay(ct);
            case PlaceOrderResult.PricesChanged changed:
                // Which, from what to what, as the cart page says it: the bare sentence left the shopper to compare (session 52's review).
                var moved = changed.Quote.Cart.Items.Where(i => i.PriceChanged).Select(i => $"{i.Name} is now {Money.Format(i.PriceCents)} (was {Money.Format(i.PriceCentsWhenAdded)})").ToList();
                ModelState.AddModelError(string.Empty, moved.Count == 0
                    ? "Prices changed while you were checking out. Check the new totals and place the order again."
                    : $"Prices changed while you were checking out: {string.Join("; ", moved)}. Check the new totals and place the order again.");
                return await Redisplay(ct);
            case PlaceOrderResult.TaxChanged changed:
                ModelState.AddModelError(string.Empty, changed.Quote.Tax is { } tax
                    ? $"{TaxWording.LineLabel(tax)} applies to this address: {Money.Format(tax.Cents)}. Check the new total and place the order again."
                    : "No tax applies to this address. Check the new total and place the order again.");
                return await Redisplay(ct);
            case PlaceOrderResult.Declined declined:
                ModelState.AddModelError("Input.CardNumber", declined.Message);
                // A guest who signed in from another tab while the card was tried: the cart went back to the account,
                // and this form (the guest's) has nothing left to show. Said so, on the cart page the account now sees.
                if (await carts.CountAsync(shopper.CartOwner, ct) == 0)
                {
                    Flash.Set(TempData, $"{declined.Message} Nothing was charged. Your cart is in the account you signed in to; check out from there.", isError: true);
                    return Redirect("/cart");
                }
                return await Redisplay(ct, newKey: true);
            case PlaceOrderResult.FormExpired:
                return await Expired(ct);
            case var other:
                throw new System.Diagnostics.UnreachableException($"No answer for {other}.");
        }
    }

    // A guest has no order list to come back to: they go where their mail's link goes.
    private string OrderPath(int orderId) => IsGuest ? orderLinks.GuestPath(orderId) : Order.PathOf(orderId);

    // The shopper's order placed in the last ten minutes, if any: what an empty cart at checkout most likely became.
    private async Task<int?> RecentOrderAsync(string userId)
    {
        var since = DateTime.UtcNow.AddMinutes(-10);
        return await db.Orders
            .Where(o => o.UserId == userId && o.PlacedAt >= since).OrderByDescending(o => o.Id).Select(o => (int?)o.Id).FirstOrDefaultAsync();
    }

    private string NewKey() => CheckoutKey.New(shopper.UserId is null ? shopper.CartOwner.AnonymousCartId : null);

    private RedirectResult? GoBackToCart()
    {
        if (Cart.CanCheckOut) return null;
        Flash.Set(TempData, Cart.Items.Count == 0 ? "Your cart is empty: add something to check out." : "Some lines in your cart need attention before you check out.", isError: true);
        return Redirect("/cart");
    }

    private async Task<IActionResult> Expired(CancellationToken ct)
    {
        foreach (var key in ModelState.Keys.Where(k => k is "Input.QuotedSubtotalCents" or "Input.QuotedTaxCents" or "Input.QuotedLines" or "Input.IdempotencyKey").ToList()) ModelState.Remove(key);
        ModelState.AddModelError(string.Empty, "This checkout form had expired. Check the details and place the order again.");
        return await Redisplay(ct, newKey: true);
    }

    /// <summary>
    /// The card number or security code was typed for a card payment and the page is shown again without them: it
    /// never writes them back. Without script a shopper pressed "Place order" again as told and got "Enter the card
    /// number" with no word that it had been wiped (an outside review, session 52).
    /// </summary>
    public bool CardToRetype { get; private set; }

    /// <summary>The same form again, with messages. Card number and code are never written back into the page (see the view).</summary>
    private async Task<IActionResult> Redisplay(CancellationToken ct, bool newKey = false)
    {
        CardToRetype = Gateways.Any(g => g.NeedsCard && g.Method == Input.PaymentMethod)
            && (!string.IsNullOrWhiteSpace(Input.CardNumber) || !string.IsNullOrWhiteSpace(Input.CardCvc));
        // Placing was refused for something else: to place it again, these must be typed again, so the summary says so.
        if (CardToRetype && !ModelState.IsValid)
        {
            if (ModelState.GetFieldValidationState("Input.CardNumber") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                ModelState.AddModelError("Input.CardNumber", "Enter the card number again: for your safety it is never kept on the page.");
            if (ModelState.GetFieldValidationState("Input.CardCvc") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                ModelState.AddModelError("Input.CardCvc", "Enter the security code again.");
        }
        Cart = await carts.LoadAsync(shopper.CartOwner, ct);
        if (Cart.Items.Count == 0) return GoBackToCart()!;
        SavedAddresses = await SavedAddressesAsync(ct);
        Input = Input with { IdempotencyKey = newKey || string.IsNullOrEmpty(Input.IdempotencyKey) ? NewKey() : Input.IdempotencyKey };
        SetQuoted();
        return Page();
    }

    private async Task<IReadOnlyList<SavedAddress>> SavedAddressesAsync(CancellationToken ct) =>
        shopper.UserId is { } userId ? await savedAddresses.ListAsync(userId, ct) : [];

    /// <summary>What the shopper is shown is what they agree to: the subtotal, and the tax once the address settles it.</summary>
    private void SetQuoted()
    {
        var quote = QuoteFor(Options.Shipping(Input.ShippingMethod) ?? Options.ShippingMethods[0]);
        Input = Input with { QuotedSubtotalCents = quote.SubtotalCents, QuotedTaxCents = DestinationKnown ? quote.TaxCents : null, QuotedLines = Cart.LinesKey };
        // The hidden fields render from ModelState when it holds a posted value; the new figures must win.
        ModelState.Remove($"{nameof(Input)}.{nameof(PlaceOrderRequest.QuotedLines)}");
        ModelState.Remove($"{nameof(Input)}.{nameof(PlaceOrderRequest.QuotedSubtotalCents)}");
        ModelState.Remove($"{nameof(Input)}.{nameof(PlaceOrderRequest.QuotedTaxCents)}");
    }
}
