namespace WebApp.Tax;

/// <summary>One entry of <c>Tax:Rates</c>: 2000 basis points = 20 %, and the tax's name on receipts ("VAT", "GST", "Sales tax").</summary>
public sealed class TaxRate
{
    public int BasisPoints { get; set; }
    public string Name { get; set; } = "Tax";
}
