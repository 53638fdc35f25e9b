namespace WebApp.Currency;

/// <summary>What one refresh got: a checked set, or why there is none (for the log, never for the shopper).</summary>
public sealed record RatesFetch(ExchangeRateSet? Set, string? Problem)
{
    public static RatesFetch Failed(string problem) => new(null, problem);
}
