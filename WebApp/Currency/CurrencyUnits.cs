namespace WebApp.Currency;

/// <summary>How each currency is written: its minor-unit digits (ISO 4217) and the symbol shoppers expect.</summary>
public static class CurrencyUnits
{
    // ISO 4217 exponents that are not 2. Anything not listed has cents.
    private static readonly Dictionary<string, int> s_decimals = new(StringComparer.Ordinal)
    {
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0, ["PYG"] = 0, ["UGX"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3, ["IQD"] = 3, ["LYD"] = 3,
    };

    // Only symbols that cannot be mistaken for the store's own "$": other dollars carry their country ("CA$", "A$"), and
    // currencies not listed are written with their code ("CHF 12.50").
    private static readonly Dictionary<string, string> s_symbols = new(StringComparer.Ordinal)
    {
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥", ["CAD"] = "CA$", ["AUD"] = "A$", ["NZD"] = "NZ$",
        ["INR"] = "₹", ["KRW"] = "₩", ["CNY"] = "CN¥", ["HKD"] = "HK$", ["SGD"] = "S$", ["MXN"] = "MX$", ["BRL"] = "R$",
    };

    private static readonly Dictionary<string, string> s_names = new(StringComparer.Ordinal)
    {
        ["USD"] = "US dollar", ["EUR"] = "euro", ["GBP"] = "pound sterling", ["JPY"] = "Japanese yen", ["CAD"] = "Canadian dollar",
        ["AUD"] = "Australian dollar", ["NZD"] = "New Zealand dollar", ["CHF"] = "Swiss franc", ["SEK"] = "Swedish krona",
        ["NOK"] = "Norwegian krone", ["DKK"] = "Danish krone", ["PLN"] = "Polish złoty", ["CZK"] = "Czech koruna",
        ["INR"] = "Indian rupee", ["KRW"] = "South Korean won", ["CNY"] = "Chinese yuan", ["HKD"] = "Hong Kong dollar",
        ["SGD"] = "Singapore dollar", ["MXN"] = "Mexican peso", ["BRL"] = "Brazilian real", ["ISK"] = "Icelandic króna",
    };

    public static int Decimals(string currency) => s_decimals.TryGetValue(currency, out var d) ? d : 2;

    public static string? Symbol(string currency) => s_symbols.GetValueOrDefault(currency);

    /// <summary>"EUR (euro)" for the picker; the code alone when we have no name for it.</summary>
    public static string Label(string currency) => s_names.TryGetValue(currency, out var name) ? $"{currency} ({name})" : currency;

    /// <summary>An ISO 4217-shaped code: three ASCII capitals.</summary>
    public static bool IsCode(string? text) => text is { Length: 3 } && text.All(char.IsAsciiLetterUpper);
}
