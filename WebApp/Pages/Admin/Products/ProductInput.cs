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
    };
}
