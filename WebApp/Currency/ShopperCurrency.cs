namespace WebApp.Currency;

/// <summary>
/// The currency one request shows prices in: <see cref="Code"/> as chosen, and the rate to convert with, or none when
/// the store has no usable rates for it (prices then stay in <see cref="BaseCode"/> and the header says so).
/// </summary>
public sealed record ShopperCurrency(string Code, string BaseCode, decimal? Rate, DateOnly? RatesDate)
{
    public bool IsBase => Code == BaseCode;

    /// <summary>Prices get an approximate figure in <see cref="Code"/> beside the real one.</summary>
    public bool Converts => !IsBase && Rate is not null;

    /// <summary>A currency other than the store's was chosen and there are no rates to show it with.</summary>
    public bool RatesMissing => !IsBase && Rate is null;

    /// <summary>The base price in <see cref="Code"/>'s minor units, rounded to its digits (no cents for yen).</summary>
    public long? Convert(long baseCents)
    {
        if (Rate is not { } rate) return null;
        var scale = (decimal)Math.Pow(10, CurrencyUnits.Decimals(Code));
        return (long)Math.Round(baseCents / 100m * rate * scale, MidpointRounding.AwayFromZero);
    }
}
