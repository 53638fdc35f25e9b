using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace WebApp.Pages;

/// <summary>
/// Page links for a listing: first, last and a window around the current page, with 0 marking a gap. Written into the
/// page by code (<c>@pager</c>) rather than through a partial view, whose lookup, activation and buffer cost every
/// listing more than writing these few links.
/// </summary>
public sealed record Pager(int Page, int TotalPages, Func<int, string> UrlFor) : IHtmlContent
{
    /// <summary>Products on one page of a listing (search, categories).</summary>
    public const int PageSize = 24;

    /// <summary>How many pages <paramref name="total"/> items fill; an empty listing still has its one page.</summary>
    public static int PagesFor(int total, int pageSize = PageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    /// <summary>
    /// A page number as the address asked for it, for "There is no page 10,001 here" (the listing may have read it as
    /// a smaller one): null when it is not digits or too long to show.
    /// </summary>
    public static string? Asked(string asked)
    {
        var digits = asked.TrimStart('0');
        return digits.Length is > 0 and <= 12 && digits.All(char.IsAsciiDigit) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number.ToString("N0", CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>
    /// Digits past the deepest page a listing allows, or past any int ("99999999999999999999"): a page past the end like
    /// any other, not "not a page number". The listing is read without it (<see cref="WithoutPage"/>) and answered as a
    /// page past the end, a 404 with the way back, on the search page as on a category page.
    /// </summary>
    public static bool IsBeyondAnyPage(string asked) => asked.Length > 0 && asked.All(char.IsAsciiDigit)
        && (!int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page > WebApp.Search.SearchRequest.MaxPage);

    /// <summary>
    /// An admin list's page as asked: digits past any int are a page past the end (clamped to the last, as 99 is), where
    /// "99999999999999999999" showed page 1 (session 52's review); anything else that is not a number is page 1.
    /// </summary>
    public static int Requested(string asked) =>
        int.TryParse(asked, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var page) ? page
        : asked.Length > 0 && asked.All(char.IsAsciiDigit) ? int.MaxValue : 1;

    /// <summary>
    /// What an admin list says when it shows another page than the address asked for: a page past the end showed the
    /// last, and "abc" or -1 the first, without a word (an outside review, session 53). Null when it shows the one asked.
    /// </summary>
    public static string? Notice(string asked, int shown, int pages)
    {
        asked = asked.Trim();
        if (asked.Length == 0) return null;
        if (int.TryParse(asked, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == shown) return null;
        if (asked.All(char.IsAsciiDigit) && asked.TrimStart('0').Length > 0)
        {
            var number = Asked(asked) ?? "that high";
            return $"There is no page {number}: the list has {pages:N0} page{(pages == 1 ? "" : "s")}, and this is the last.";
        }
        // Not echoed when it holds what cannot be shown ("%00" read as "“�”"; a second review, session 53).
        if (asked.Any(c => char.IsControl(c) || c == '\uFFFD' || char.IsSurrogate(c))) return "That is not a page number: this is page 1.";
        var shownAsked = asked.Length > 20 ? asked[..20] + "…" : asked;
        return $"“{shownAsked}” is not a page number: this is page 1.";
    }

    /// <summary>The query without its page number.</summary>
    public static Microsoft.AspNetCore.Http.IQueryCollection WithoutPage(Microsoft.AspNetCore.Http.IQueryCollection query) =>
        new Microsoft.AspNetCore.Http.QueryCollection(query.Where(kv => kv.Key != "page").ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>How many items come before page <paramref name="page"/> (1-based).</summary>
    public static int Skip(int page, int pageSize = PageSize) => (page - 1) * pageSize;

    public IEnumerable<int> Window()
    {
        var shown = new SortedSet<int> { 1, TotalPages };
        for (var n = Math.Max(1, Page - 2); n <= Math.Min(TotalPages, Page + 2); n++) shown.Add(n);
        var previous = 0;
        foreach (var n in shown)
        {
            if (previous != 0 && n > previous + 1) yield return 0;
            yield return n;
            previous = n;
        }
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        if (TotalPages <= 1) return;
        writer.Write("<nav aria-label=\"Pages\" class=\"mt-4\">\n<ul class=\"pagination flex-wrap justify-content-center\">\n");
        // At either end the word stays, greyed, but as text: a link styled disabled still takes keyboard focus and
        // leads to a page past the end.
        if (Page <= 1)
        {
            writer.Write("<li class=\"page-item disabled\">\n<span class=\"page-link\" aria-disabled=\"true\">&laquo; Previous</span>\n</li>\n");
        }
        else
        {
            writer.Write("<li class=\"page-item \">\n<a class=\"page-link\" href=\"");
            encoder.Encode(writer, UrlFor(Page - 1));
            writer.Write("\" rel=\"prev\" aria-label=\"Previous page\">&laquo; Previous</a>\n</li>\n");
        }
        // On a phone (site.css) the numbers give way to "Page 20 of 45" between the two words: a middle page's seven
        // numbers and two gaps wrapped onto two rows (session 47's review).
        writer.Write("<li class=\"page-item pager-count\"><span class=\"page-link\"><span class=\"pager-page-word\">Page </span>");
        writer.Write(Page.ToString("N0", CultureInfo.InvariantCulture));
        writer.Write(" of ");
        writer.Write(TotalPages.ToString("N0", CultureInfo.InvariantCulture));
        writer.Write("</span></li>\n");
        foreach (var n in Window())
        {
            if (n == 0)
            {
                writer.Write("<li class=\"page-item disabled pager-number\"><span class=\"page-link\">…</span></li>\n");
            }
            else if (n == Page)
            {
                writer.Write("<li class=\"page-item active pager-number\" aria-current=\"page\"><span class=\"page-link\">");
                writer.Write(n.ToString(CultureInfo.InvariantCulture));
                writer.Write("</span></li>\n");
            }
            else
            {
                writer.Write("<li class=\"page-item pager-number\"><a class=\"page-link\" href=\"");
                encoder.Encode(writer, UrlFor(n));
                writer.Write("\">");
                writer.Write(n.ToString(CultureInfo.InvariantCulture));
                writer.Write("</a></li>\n");
            }
        }
        if (Page >= TotalPages)
        {
            writer.Write("<li class=\"page-item disabled\">\n<span class=\"page-link\" aria-disabled=\"true\">Next &raquo;</span>\n</li>\n");
        }
        else
        {
            writer.Write("<li class=\"page-item \">\n<a class=\"page-link\" href=\"");
            encoder.Encode(writer, UrlFor(Page + 1));
            writer.Write("\" rel=\"next\" aria-label=\"Next page\">Next &raquo;</a>\n</li>\n");
        }
        writer.Write("</ul>\n</nav>\n");
    }
}
