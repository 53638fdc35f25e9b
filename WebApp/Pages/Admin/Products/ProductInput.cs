using System.ComponentModel.DataAnnotations;
using WebApp.Catalog;

namespace WebApp.Pages.Admin.Products;

/// <summary>The product form's fields as typed; the rules are <see cref="ProductDraft"/>'s, checked by the page.</summary>
public sealed class ProductInput
{
    [Display(Name = "SKU")] public string? Sku { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    [Display(Name = "Price ($)")] public string? Price { get; set; }
    [Display(Name = "Stock")] public string? Stock { get; set; }
    [Display(Name = "Category")] public int? CategoryId { get; set; }
    [Display(Name = "Brand")] public int? BrandId { get; set; }
    [Display(Name = "Or a new brand")] public string? NewBrand { get; set; }
    [Display(Name = "Sold in the store (active)")] public bool IsActive { get; set; } = true;

    /// <summary>The product's version when the form was opened: a save against a later version is a conflict.</summary>
    public int Version { get; set; }

    /// <summary>
    /// A fingerprint of each field as the form was opened (<see cref="Fingerprints"/>): on a conflict it tells the
    /// fields this admin changed from those left as they were, which then take the other admin's saved values.
    /// </summary>
    public string? Opened { get; set; }

    public ProductDraft ToDraft() => new() { Sku = Sku, Name = Name, Description = Description, Price = Price, Stock = Stock, IsActive = IsActive };

    public static ProductInput From(Product p) => new()
    {
        Sku = p.Sku,
        Name = p.Name,
        Description = p.Description,
        Price = Money.Amount(p.PriceCents),
        Stock = p.Stock.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CategoryId = p.CategoryId,
        BrandId = p.BrandId,
        IsActive = p.IsActive,
        Version = p.Version,
        Opened = Fingerprints(p),
    };

    /// <summary>The fields a save writes, each as the text its fingerprint is taken of (a price in cents).</summary>
    public static IEnumerable<(string Field, string Value)> Values(Product p) =>
    [
        (nameof(Sku), p.Sku), (nameof(Name), p.Name), (nameof(Description), p.Description),
        (nameof(Price), p.PriceCents.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        (nameof(CategoryId), p.CategoryId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        (nameof(BrandId), p.BrandId.ToString(System.Globalization.CultureInfo.InvariantCulture)), (nameof(IsActive), p.IsActive ? "1" : "0"),
    ];

    /// <summary>The same fields as this form holds them; null for one that does not read as a saved value could.</summary>
    public IEnumerable<(string Field, string? Value)> Values() =>
    [
        (nameof(Sku), ProductDraft.Stored(Sku)), (nameof(Name), Name?.Trim()), (nameof(Description), Description?.Trim() ?? ""),
        (nameof(Price), Money.TryParse(Price, out var cents) ? cents.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        (nameof(CategoryId), CategoryId?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        (nameof(BrandId), string.IsNullOrWhiteSpace(NewBrand) ? BrandId?.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        (nameof(IsActive), IsActive ? "1" : "0"),
    ];

    /// <summary>Each field's fingerprint, "Field:hex" joined by spaces: 8 bytes of its SHA-256 (a check of what was typed, not a secret).</summary>
    public static string Fingerprints(Product p) => string.Join(' ', Values(p).Select(v => $"{v.Field}:{Fingerprint(v.Value)}"));

    public static string Fingerprint(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)).AsSpan(0, 8));

    /// <summary>The fields of <see cref="Opened"/> this form still holds as opened (empty when it cannot be read).</summary>
    public HashSet<string> Untouched()
    {
        var opened = (Opened ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split(':'))
            .Where(f => f.Length == 2).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        return [.. Values().Where(v => v.Value is not null && opened.GetValueOrDefault(v.Field) == Fingerprint(v.Value)).Select(v => v.Field)];
    }
}
