namespace WebApp.Currency;

/// <summary>
/// One rate of the last good set, kept so a restart without the remote still shows converted prices. The whole set is
/// replaced in one transaction (<see cref="ExchangeRates"/>), never merged.
/// </summary>
public sealed class ExchangeRate
{
    public required string BaseCurrency { get; set; }
    public required string Currency { get; set; }

    /// <summary>Units of <see cref="Currency"/> for one unit of <see cref="BaseCurrency"/>.</summary>
    public decimal Rate { get; set; }

    /// <summary>The day the remote published the set.</summary>
    public DateOnly RatesDate { get; set; }

    /// <summary>When we fetched it (UTC): freshness and the too-old cut-off are measured from here.</summary>
    public DateTime FetchedAt { get; set; }
}
