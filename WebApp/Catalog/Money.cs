using System.Globalization;

namespace WebApp.Catalog;

/// <summary>The one place that turns minor units into text.</summary>
public static class Money
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");

    public static string Format(long cents) => (cents / 100m).ToString("C", s_culture);

    /// <summary>Dollars as a shopper types them in a price box and a URL carries them ("12.5"): no symbol, no separators.</summary>
    public static string? Plain(long? cents) => cents is { } c ? (c / 100m).ToString("0.##", CultureInfo.InvariantCulture) : null;
}
