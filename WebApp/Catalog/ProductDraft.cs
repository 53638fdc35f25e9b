using System.Globalization;

namespace WebApp.Catalog;

/// <summary>
/// A product as an admin types it (the edit form) or a CSV row states it (the import): one set of field rules for
/// both, so a row the import accepts is one the form would accept. Whether the SKU is free and the category and brand
/// exist needs the database; the callers check those.
/// </summary>
public sealed record ProductDraft
{
    public const int SkuMaxLength = 32;

    /// <summary>
    /// A SKU as it is stored: trimmed, in capitals. Shoppers' searches and the import's duplicate check read SKUs in
    /// either case, while the form saved "bh-00000020" beside another product's "BH-00000020" and the import added
    /// "imp-1" beside "IMP-1" (an outside review, session 44): one SKU in two cases was two products.
    /// </summary>
    public static string Stored(string? sku) => (sku ?? "").Trim().ToUpperInvariant();
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const long MaxPriceCents = 100_000_000;   // $1,000,000.00
    public const int MaxStock = 1_000_000;

    public string? Sku { get; init; }
    public string? Name { get; init; }

    public const string PlainTextMessage = "Use letters, digits, spaces and punctuation only (no control or text-direction characters).";
    public string? Description { get; init; }

    /// <summary>The price as typed: "19.99", "19", "$1,299.00".</summary>
    public string? Price { get; init; }
    public string? Stock { get; init; }
    public bool IsActive { get; init; } = true;

    /// <summary>
    /// The field problems, keyed by property name, and the values read when there are none. Messages are the shop
    /// owner's words; a CSV import prefixes them with the line number.
    /// </summary>
    public (Dictionary<string, string> Errors, long PriceCents, int Stock) Check()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var sku = Sku?.Trim() ?? "";
        if (sku.Length == 0) errors[nameof(Sku)] = "Enter a SKU.";
        else if (sku.Length > SkuMaxLength) errors[nameof(Sku)] = $"A SKU has at most {SkuMaxLength} characters.";
        else if (!sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) errors[nameof(Sku)] = "A SKU uses letters, digits, '-', '_' and '.' only.";

        var name = Name?.Trim() ?? "";
        if (name.Length == 0) errors[nameof(Name)] = "Enter a name.";
        else if (name.Length > NameMaxLength) errors[nameof(Name)] = $"A name has at most {NameMaxLength} characters.";
        // "Bidi \u202Eevil" was listed as "Bidi live" (an outside review, session 45): a name is shown everywhere, in
        // mail and on labels, so no control or text-direction characters; a description keeps its line breaks.
        else if (name.Any(WebApp.Checkout.PlainTextAttribute.IsRefused)) errors[nameof(Name)] = PlainTextMessage;
        else if (!WebApp.Checkout.PlainTextAttribute.ShowsAnything(name)) errors[nameof(Name)] = "This name shows nothing when printed: type it in letters or digits.";

        if ((Description?.Length ?? 0) > DescriptionMaxLength) errors[nameof(Description)] = $"A description has at most {DescriptionMaxLength:N0} characters.";
        else if (Description is not null && Description.Any(c => WebApp.Checkout.PlainTextAttribute.IsRefused(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors[nameof(Description)] = "Use letters, digits, spaces, line breaks and punctuation only (no control or text-direction characters).";
        }

        long priceCents = 0;
        if (!Money.TryParse(Price, out priceCents)) errors[nameof(Price)] = "Enter a price such as 19.99.";
        else if (priceCents < 0) errors[nameof(Price)] = "A price cannot be negative.";
        else if (priceCents > MaxPriceCents) errors[nameof(Price)] = "That price is too high.";

        var stock = 0;
        if (!int.TryParse(Stock?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out stock)) errors[nameof(Stock)] = "Enter the stock as a whole number.";
        else if (stock < 0) errors[nameof(Stock)] = "Stock cannot be negative.";
        else if (stock > MaxStock) errors[nameof(Stock)] = $"Stock can be at most {MaxStock:N0}.";

        return (errors, priceCents, stock);
    }
}
