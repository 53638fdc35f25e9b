namespace WebApp.Storefront;

/// <summary>
/// Who the shop is (the "Store" section): its name in titles, the header, the footer and every mail, and how shoppers
/// reach it. One place, so a shop owner renames the store in configuration instead of in markup.
/// </summary>
public sealed class StoreIdentity
{
    public string Name { get; set; } = "WebApp Store";

    public string ContactEmail { get; set; } = "help@example.com";

    /// <summary>A line under the name in the footer; empty shows nothing.</summary>
    public string FooterText { get; set; } = "";
}
