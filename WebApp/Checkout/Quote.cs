using WebApp.Cart;

namespace WebApp.Checkout;

/// <summary>Totals computed from current prices: what the checkout shows and what the order records.</summary>
public sealed record Quote(CartView Cart, ShippingRate Shipping, long SubtotalCents, long ShippingCents, long TaxCents)
{
    public long TotalCents => SubtotalCents + ShippingCents + TaxCents;

    public static Quote For(CartView cart, ShippingRate shipping, CheckoutOptions options) =>
        new(cart, shipping, cart.SubtotalCents, shipping.PriceCents, options.TaxOn(cart.SubtotalCents));
}
