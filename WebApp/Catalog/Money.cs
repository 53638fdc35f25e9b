using System.Globalization;

namespace WebApp.Catalog;

/// <summary>The one place that turns minor units into text.</summary>
public static class Money
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");

    public static string Format(long cents) => (cents / 100m).ToString("C", s_culture);
}
