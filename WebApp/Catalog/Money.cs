using System.Globalization;

namespace WebApp.Catalog;

/// <summary>The one place that turns minor units into text.</summary>
public static class Money
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");
    private static readonly System.Text.RegularExpressions.Regex s_grouped = new(@"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static string Format(long cents) => (cents / 100m).ToString("C", s_culture);

    /// <summary>
    /// <see cref="Format(long)"/> written without a string, for listings that write 24 prices a page. The text is
    /// digits, "$", ",", "." and "-", so it needs no HTML encoding.
    /// </summary>
    public static void Write(TextWriter writer, long cents)
    {
        Span<char> text = stackalloc char[40];
        (cents / 100m).TryFormat(text, out var length, "C", s_culture);
        writer.Write(text[..length]);
    }

    /// <summary>
    /// Minor units of any currency as text, for approximate prices in the shopper's display currency: "€12.34",
    /// "¥1,235", "CHF 12.34" (its digits and symbol from <see cref="WebApp.Currency.CurrencyUnits"/>).
    /// </summary>
    public static string Format(long minorUnits, string currency)
    {
        var decimals = WebApp.Currency.CurrencyUnits.Decimals(currency);
        var number = (minorUnits / (decimal)Math.Pow(10, decimals)).ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), s_culture);
        return WebApp.Currency.CurrencyUnits.Symbol(currency) is { } symbol ? symbol + number : currency + "\u00A0" + number;
    }

    /// <summary>Whole amounts without cents ("$25", but "$25.50"), for labels such as price bands.</summary>
    public static string Whole(long cents) => cents % 100 == 0 ? (cents / 100).ToString("C0", s_culture) : Format(cents);

    /// <summary>
    /// The one reading of typed dollars ("19.99", "19", "$1,299.00") into cents: at most two decimals, none dropped or
    /// rounded away. Negative amounts parse; whether they are allowed is the caller's rule. A comma must group
    /// thousands: "5,00" (five, written with a decimal comma) is refused rather than read as 500.
    /// </summary>
    public static bool TryParse(string? text, out long cents)
    {
        cents = 0;
        var cleaned = FoldFullWidth(text)?.Trim();
        if (cleaned is ['$', .. var rest]) cleaned = rest.TrimStart();
        // A NUL too: .NET's number parsing skips trailing ones ("5\0" would be $5.00).
        if (string.IsNullOrEmpty(cleaned) || cleaned.Length > 15 || cleaned.Contains('$', StringComparison.Ordinal) || cleaned.Contains('\0')) return false;
        if (cleaned.Contains(',', StringComparison.Ordinal))
        {
            if (!s_grouped.IsMatch(cleaned)) return false;
            cleaned = cleaned.Replace(",", "", StringComparison.Ordinal);
        }
        if (!decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars)) return false;
        if (decimal.Round(dollars, 2) != dollars) return false;
        cents = (long)(dollars * 100);
        return true;
    }

    // Full-width digits, point, comma and dollar sign ("１９．９９", "＄２５"), as a Japanese or Chinese keyboard types
    // them, read as the plain ones the search box already reads them as; the ideographic space is trimmed as any space,
    // and the ideographic full stop, which a Japanese keyboard in kana mode types for ".", is the decimal point.
    private static string? FoldFullWidth(string? text) =>
        text is not null && (text.AsSpan().ContainsAnyInRange('\uFF01', '\uFF5E') || text.Contains('\u3002', StringComparison.Ordinal))
            ? string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = source[i] switch
                    {
                        >= '\uFF01' and <= '\uFF5E' => (char)(source[i] - 0xFEE0),
                        '\u3002' => '.',
                        var c => c,
                    };
                }
            })
            : text;

    /// <summary>A saved price as an admin's price box shows it: always its cents ("99.50", not "99.5"), no symbol or separators.</summary>
    public static string Amount(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Dollars as a shopper types them in a price box and a URL carries them ("12.5"): no symbol, no separators.</summary>
    public static string? Plain(long? cents) => cents is { } c ? (c / 100m).ToString("0.##", CultureInfo.InvariantCulture) : null;
}
