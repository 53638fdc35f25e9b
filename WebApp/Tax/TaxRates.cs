using Microsoft.Extensions.Options;

namespace WebApp.Tax;

/// <summary>
/// The tax on an order, from <c>Tax:Rates</c> and the delivery address. Tax is charged on the goods, not on shipping,
/// and rounded once on the order's subtotal (half away from zero, to the cent), never per line, so the tax line and the
/// total always agree. With prices that include tax, the included part of a gross subtotal G at rate r is
/// G × r / (1 + r).
/// </summary>
public sealed class TaxRates(IOptions<TaxOptions> options)
{
    public bool PricesIncludeTax => options.Value.PricesIncludeTax;

    /// <summary>The rate for a destination: the region's entry ("US-CA") if there is one, else the country's ("GB").</summary>
    public TaxRate? RateFor(string? country, string? region)
    {
        if (string.IsNullOrEmpty(country)) return null;
        var rates = options.Value.Rates;
        if (!string.IsNullOrEmpty(region) && rates.TryGetValue($"{country}-{region}", out var regional)) return regional;
        return rates.TryGetValue(country, out var national) ? national : null;
    }

    /// <summary>The tax on <paramref name="subtotalCents"/> of goods sent to the destination, or null where none applies.</summary>
    public TaxLine? On(long subtotalCents, string? country, string? region)
    {
        if (RateFor(country, region) is not { BasisPoints: > 0 } rate) return null;
        return new TaxLine(rate.Name, rate.BasisPoints, Compute(subtotalCents, rate.BasisPoints, PricesIncludeTax), PricesIncludeTax);
    }

    /// <summary>The tax in cents: added on top of a net subtotal, or the part of a gross subtotal that is tax.</summary>
    public static long Compute(long subtotalCents, int basisPoints, bool included) => included
        ? (long)Math.Round(subtotalCents * (decimal)basisPoints / (10_000m + basisPoints), MidpointRounding.AwayFromZero)
        : (long)Math.Round(subtotalCents * (decimal)basisPoints / 10_000m, MidpointRounding.AwayFromZero);
}
