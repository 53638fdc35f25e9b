namespace WebApp.Tax;

/// <summary>The "Tax" section of appsettings.json.</summary>
public sealed class TaxOptions
{
    /// <summary>
    /// True: catalogue prices already include tax (VAT-style); the shopper pays the shown price and the receipt says how
    /// much of it is tax at the destination's rate. False: prices are before tax (US-style) and the destination's tax is
    /// added at checkout.
    /// </summary>
    public bool PricesIncludeTax { get; set; }

    /// <summary>
    /// Rates keyed by destination: "US-CA" (a country and region code) is looked up first, then "GB" (the country). A
    /// destination with neither, or a rate of 0, has no tax and shows no tax line.
    /// </summary>
    public Dictionary<string, TaxRate> Rates { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
