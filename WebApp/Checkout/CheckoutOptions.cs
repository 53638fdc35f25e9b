namespace WebApp.Checkout;

/// <summary>The "Checkout" section of appsettings.json: shipping rates and the countries we ship to (tax is <c>Tax</c>).</summary>
public sealed class CheckoutOptions
{
    public string Currency { get; set; } = "USD";

    public List<ShippingRate> ShippingMethods { get; set; } = [];

    /// <summary>Where we ship: ISO 3166 two-letter codes and names, in the order the list shows them.</summary>
    public List<Country> Countries { get; set; } = [];

    // Codes are matched in any letter case: an app sending "gb" or "Standard" was refused (session 45's review). The
    // form's lists send them as configured.
    public ShippingRate? Shipping(string? code) => ShippingMethods.FirstOrDefault(m => string.Equals(m.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The country with this code, in any letter case, or null where we do not ship.</summary>
    public Country? CountryCoded(string? code) => Countries.FirstOrDefault(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public string CountryName(string code) => CountryCoded(code)?.Name ?? code;
}
