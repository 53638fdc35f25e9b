namespace WebApp.Checkout;

/// <summary>The "Checkout" section of appsettings.json: shipping rates, tax and the countries we ship to.</summary>
public sealed class CheckoutOptions
{
    public string Currency { get; set; } = "USD";

    /// <summary>Tax on the goods (not on shipping), in basis points: 825 = 8.25 %.</summary>
    public int TaxRateBasisPoints { get; set; }

    public List<ShippingRate> ShippingMethods { get; set; } = [];

    /// <summary>Where we ship: ISO 3166 two-letter codes and names, in the order the list shows them.</summary>
    public List<Country> Countries { get; set; } = [];

    public ShippingRate? Shipping(string? code) => ShippingMethods.FirstOrDefault(m => m.Code == code);

    public long TaxOn(long subtotalCents) => (long)Math.Round(subtotalCents * TaxRateBasisPoints / 10_000m, MidpointRounding.AwayFromZero);
}
