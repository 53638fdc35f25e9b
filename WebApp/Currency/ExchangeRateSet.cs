namespace WebApp.Currency;

/// <summary>
/// One accepted set of rates: units of each currency per one unit of <see cref="Base"/>, as published on
/// <see cref="Date"/> and fetched at <see cref="FetchedAt"/> (what "fresh" and "too old" are measured from).
/// </summary>
public sealed record ExchangeRateSet(string Base, DateOnly Date, DateTime FetchedAt, IReadOnlyDictionary<string, decimal> Rates)
{
    public decimal? RateFor(string currency) =>
        currency == Base ? 1m : Rates.TryGetValue(currency, out var rate) ? rate : null;
}
