using WebApp.Cart;
using WebApp.Tax;

namespace WebApp.Checkout;

/// <summary>
/// Totals computed from current prices and the delivery address: what the checkout shows and what the order records.
/// <see cref="Tax"/> is null where no tax applies; tax the prices already include does not add to the total.
/// </summary>
public sealed record Quote(CartView Cart, ShippingRate Shipping, long SubtotalCents, long ShippingCents, TaxLine? Tax)
{
    public long TaxCents => Tax?.Cents ?? 0;

    public long TotalCents => SubtotalCents + ShippingCents + (Tax?.AddedCents ?? 0);

    public static Quote For(CartView cart, ShippingRate shipping, TaxRates taxes, string? country, string? region) =>
        new(cart, shipping, cart.SubtotalCents, shipping.PriceCents, taxes.On(cart.SubtotalCents, country, region));
}
