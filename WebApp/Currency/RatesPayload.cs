using System.Globalization;
using System.Text.Json;

namespace WebApp.Currency;

/// <summary>
/// Reads and checks what the rates service answered. Anything doubtful rejects the whole set (the last good one stays):
/// a price shown a hundred times too high is worse than a price shown in the store's own currency.
/// </summary>
public static class RatesPayload
{
    // One unit of the base buys between a millionth and ten million units of anything real (USD to IRR is ~42,000).
    private const decimal MinRate = 0.000001m;
    private const decimal MaxRate = 10_000_000m;
    private const int MaxCurrencies = 400;

    /// <summary>The set, or null with <paramref name="problem"/> saying why it was refused.</summary>
    public static ExchangeRateSet? Read(string json, string expectedBase, DateTime fetchedAt, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            return Read(document.RootElement, expectedBase, fetchedAt, out problem);
        }
        catch (JsonException)
        {
            problem = "the answer is not JSON";
            return null;
        }
    }

    private static ExchangeRateSet? Read(JsonElement root, string expectedBase, DateTime fetchedAt, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object) return Refuse("the answer is not a JSON object", out problem);
        if (!root.TryGetProperty("base", out var baseElement) || baseElement.ValueKind != JsonValueKind.String)
        {
            return Refuse("it names no base currency", out problem);
        }
        var baseCurrency = baseElement.GetString();
        if (baseCurrency != expectedBase) return Refuse($"its base currency is {Printable(baseCurrency)}, not {expectedBase}", out problem);

        if (!root.TryGetProperty("date", out var dateElement) || dateElement.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(dateElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Refuse("it has no date (yyyy-MM-dd)", out problem);
        }
        if (date > DateOnly.FromDateTime(fetchedAt).AddDays(1)) return Refuse($"its date {date:yyyy-MM-dd} is in the future", out problem);

        if (!root.TryGetProperty("rates", out var ratesElement) || ratesElement.ValueKind != JsonValueKind.Object)
        {
            return Refuse("it has no rates object", out problem);
        }
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in ratesElement.EnumerateObject())
        {
            if (!CurrencyUnits.IsCode(entry.Name)) return Refuse($"{Printable(entry.Name)} is not a currency code", out problem);
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetDecimal(out var rate))
            {
                return Refuse($"the rate for {entry.Name} is not a number", out problem);
            }
            if (rate is < MinRate or > MaxRate) return Refuse($"the rate for {entry.Name} ({rate.ToString(CultureInfo.InvariantCulture)}) is out of range", out problem);
            if (entry.Name == expectedBase && rate != 1m) return Refuse($"the base currency's own rate is {rate.ToString(CultureInfo.InvariantCulture)}, not 1", out problem);
            if (!rates.TryAdd(entry.Name, rate)) return Refuse($"{entry.Name} appears twice", out problem);
            if (rates.Count > MaxCurrencies) return Refuse("it lists too many currencies", out problem);
        }
        rates.Remove(expectedBase);
        if (rates.Count == 0) return Refuse("it has no rates", out problem);
        return new ExchangeRateSet(expectedBase, date, fetchedAt, rates);
    }

    private static ExchangeRateSet? Refuse(string why, out string? problem)
    {
        problem = why;
        return null;
    }

    // What the remote sent goes into a log line: keep it short and printable.
    private static string Printable(string? text) =>
        text is null ? "(none)" : "\"" + new string([.. text.Take(16).Select(c => char.IsControl(c) ? '?' : c)]) + "\"";
}
