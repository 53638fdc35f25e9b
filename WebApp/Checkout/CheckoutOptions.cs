namespace WebApp.Checkout;

/// <summary>The "Checkout" section of appsettings.json: shipping rates and the countries we ship to (tax is <c>Tax</c>).</summary>
public sealed class CheckoutOptions
{
    public string Currency { get; set; } = "USD";

    public List<ShippingRate> ShippingMethods { get; set; } = [];

    /// <summary>Where we ship: ISO 3166 two-letter codes and names, in the order the list shows them.</summary>
    public List<Country> Countries { get; set; } = [];

    public ShippingRate? Shipping(string? code) => ShippingMethods.FirstOrDefault(m => m.Code == code);

    public string CountryName(string code) => Countries.FirstOrDefault(c => c.Code == code)?.Name ?? code;
}
