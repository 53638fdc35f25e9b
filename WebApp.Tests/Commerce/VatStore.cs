namespace WebApp.Tests.Commerce;

/// <summary>The same store showing VAT-style prices (Tax:PricesIncludeTax = true).</summary>
public sealed class VatStore : CommerceStore
{
    protected override bool PricesIncludeTax => true;
}
