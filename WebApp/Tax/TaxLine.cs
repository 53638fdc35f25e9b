namespace WebApp.Tax;

/// <summary>The tax on one order: its name and rate at the destination, the amount, and whether the prices already held it.</summary>
public sealed record TaxLine(string Name, int BasisPoints, long Cents, bool Included)
{
    /// <summary>What the tax adds to subtotal plus shipping: nothing when the prices already include it.</summary>
    public long AddedCents => Included ? 0 : Cents;
}
