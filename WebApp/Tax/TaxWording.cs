using System.Globalization;

namespace WebApp.Tax;

/// <summary>
/// Every sentence the store says about tax, in one place, so the product page, cart, checkout, order pages, mails and
/// footer never disagree with each other or with <see cref="TaxOptions.PricesIncludeTax"/>.
/// </summary>
public sealed class TaxWording(TaxRates rates)
{
    /// <summary>Beside a price: "incl. tax" or "plus tax".</summary>
    public string PriceNote => rates.PricesIncludeTax ? "incl. tax where it applies" : "plus tax where it applies";

    /// <summary>The footer's sentence, also under cart and checkout totals.</summary>
    public string Statement => rates.PricesIncludeTax
        ? "Prices include tax (such as VAT or GST) at the rate of the country we deliver to; where no tax applies, you pay the price shown."
        : "Prices exclude tax. Sales tax, VAT or GST is added at checkout where it applies to your delivery address.";

    /// <summary>Under the cart's subtotal.</summary>
    public string CartNote => rates.PricesIncludeTax
        ? "Prices include tax where it applies; shipping is added at checkout."
        : "Shipping, and tax where it applies to your address, are added at checkout.";

    /// <summary>Where the checkout does not know the destination yet.</summary>
    public string Pending => rates.PricesIncludeTax ? "Included where it applies" : "Worked out from your address";

    /// <summary>The label of an order's tax line: "Sales tax (7.25 %)" or "Includes VAT (20 %)".</summary>
    public static string LineLabel(TaxLine tax) => LineLabel(tax.Name, tax.BasisPoints, tax.Included);

    public static string LineLabel(string name, int basisPoints, bool included) =>
        $"{(included ? "Includes " : "")}{name}{(basisPoints > 0 ? $" ({Percent(basisPoints)})" : "")}";

    public static string Percent(int basisPoints) => (basisPoints / 100m).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
