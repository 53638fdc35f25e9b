using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace WebApp.Api;

/// <summary>
/// Paging of API lists: reads <c>page</c> and <c>pageSize</c> strictly (a bad value is a 400 naming it, not a silent
/// default), and writes the links to the first, previous, next and last pages both in the body and as an RFC 8288
/// <c>Link</c> header, each keeping the request's other parameters.
/// </summary>
public sealed record Paging(int Page, int PageSize)
{
    public sealed record Links(string Self, string First, string? Prev, string? Next, string Last);

    public static Paging? Read(IQueryCollection query, int defaultSize, int maxSize, int maxPage, Dictionary<string, string[]> errors)
    {
        var page = Number(query, "page", 1, 1, maxPage, errors);
        var size = Number(query, "pageSize", defaultSize, 1, maxSize, errors);
        return page is null || size is null ? null : new Paging(page.Value, size.Value);
    }

    private static int? Number(IQueryCollection query, string name, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values)) return fallback;
        if (values.Count > 1)
        {
            // "page=1&page=1" was told the range it was already in (session 53's review).
            errors[name] = [$"{name} was given {values.Count} times: send it once."];
            return null;
        }
        // Digits only: .NET's number parsing skips trailing NUL characters, so "2\0" read as 2 (session 53's review).
        var text = values[0] ?? "";
        if (text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors[name] = [$"{name} is a whole number from {min} to {max.ToString("N0", CultureInfo.InvariantCulture)}."];
        return null;
    }

    public int TotalPages(int total) => Math.Max(1, (total + PageSize - 1) / PageSize);

    /// <summary>The links for a list of <paramref name="total"/> items; also set as the response's Link header.</summary>
    public Links LinkAll(HttpContext http, int total, int maxPage)
    {
        var last = Math.Min(TotalPages(total), maxPage);
        var links = new Links(UrlOf(http, Page), UrlOf(http, 1), Page > 1 ? UrlOf(http, Math.Min(Page - 1, last)) : null,
            Page < last ? UrlOf(http, Page + 1) : null, UrlOf(http, last));
        var header = new List<string> { $"<{links.First}>; rel=\"first\"" };
        if (links.Prev is not null) header.Add($"<{links.Prev}>; rel=\"prev\"");
        if (links.Next is not null) header.Add($"<{links.Next}>; rel=\"next\"");
        header.Add($"<{links.Last}>; rel=\"last\"");
        http.Response.Headers.Link = string.Join(", ", header);
        return links;
    }

    // Relative to the site, so a forged Host header is never echoed into a link.
    private string UrlOf(HttpContext http, int page)
    {
        var values = http.Request.Query.Where(q => q.Key is not ("page" or "pageSize"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(new("pageSize", PageSize.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(http.Request.Path.Value!, values);
    }
}
