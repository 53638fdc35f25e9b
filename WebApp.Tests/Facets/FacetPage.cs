using System.Globalization;
using AngleSharp.Dom;

namespace WebApp.Tests.Facets;

/// <summary>Reads the facet sidebar a shopper sees: each value's key, count and whether it is chosen.</summary>
internal static class FacetPage
{
    public static Dictionary<string, int> Counts(IDocument page, string facet) =>
        page.QuerySelectorAll($"a[data-facet={facet}]").ToDictionary(a => a.GetAttribute("data-key")!, a => Number(a.QuerySelector(".facet-count")!.TextContent));

    public static List<string> Chosen(IDocument page, string facet) =>
        [.. page.QuerySelectorAll($"a[data-facet={facet}][data-selected=true]").Select(a => a.GetAttribute("data-key")!)];

    public static string Href(IDocument page, string facet, string key) =>
        page.QuerySelector($"a[data-facet={facet}][data-key='{key}']")!.GetAttribute("href")!;

    /// <summary>The price bands and the in-stock count as the page words them ("Under $25 12").</summary>
    public static List<string> PriceAndStock(IDocument page) =>
        [.. page.QuerySelectorAll("a[data-facet=price], a[data-facet=stock]").Select(a => a.TextContent.Trim())];

    /// <summary>A listing's total: search says "1,234 results", a category page "Showing 1–24 of 1,234 products".</summary>
    public static int Total(IDocument page)
    {
        var text = page.QuerySelector("#result-count")!.TextContent.Trim();
        if (text.StartsWith("No products", StringComparison.Ordinal)) return 0;
        var of = text.IndexOf(" of ", StringComparison.Ordinal);
        return Number(of >= 0 ? text[(of + 4)..].Split(' ')[0] : text.Split(' ')[0]);
    }

    public static List<string> Notices(IDocument page) => [.. page.QuerySelectorAll(".alert-warning").Select(a => a.TextContent.Trim())];

    public static int Number(string text) => int.Parse(text.Trim().Replace(",", "", StringComparison.Ordinal).TrimEnd('+'), CultureInfo.InvariantCulture);
}
