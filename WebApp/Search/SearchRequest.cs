using System.Globalization;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>A search as the URL states it, already validated: nothing here can make SQL fail.</summary>
public sealed record SearchRequest(
    SearchText Text,
    string? Category,
    string? Brand,
    long? MinPriceCents,
    long? MaxPriceCents,
    bool InStock,
    ProductSort Sort,
    int Page,
    int PageSize = WebApp.Pages.Pager.PageSize)
{
    /// <summary>The most results one page may hold (the JSON API lets a client choose from 1 to this).</summary>
    public const int MaxPageSize = 100;

    /// <summary>The last page anyone may ask for: deeper pages of a broad search are not worth the scan.</summary>
    public const int MaxPage = 10_000;

    public bool HasFilters => Category is not null || Brand is not null || MinPriceCents is not null || MaxPriceCents is not null || InStock;

    /// <summary>Reads the query string leniently: a bad value is dropped with a message, never an error page.</summary>
    public static SearchRequest From(IQueryCollection query, List<string> problems)
    {
        var text = SearchText.Parse(query["q"], asTyped: query["exact"].ToString() is "1" or "true");
        var min = Price(query["minPrice"], "minimum price", problems);
        var max = Price(query["maxPrice"], "maximum price", problems);
        if (min is not null && max is not null && min > max)
        {
            problems.Add("The minimum price was above the maximum, so they were swapped.");
            (min, max) = (max, min);
        }
        var sort = ProductSort.Resolve(query["sort"], hasWords: !text.IsEmpty);
        var page = int.TryParse(query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? Math.Min(p, MaxPage) : 1;
        var inStock = query["inStock"].ToString() is "true" or "on" or "1";
        return new SearchRequest(text, Slug(query["category"]), Slug(query["brand"]), min, max, inStock, sort, page);
    }

    private static string? Slug(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 120 || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? null
            : value;

    private static long? Price(string? value, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (WebApp.Catalog.Money.TryParse(value, out var cents) && cents is >= 0 and <= 100_000_000) return cents;
        problems.Add($"The {name} must be a number of dollars (up to two decimals) between 0 and 1,000,000; it was ignored.");
        return null;
    }
}
