namespace WebApp.Pages;

/// <summary>Page links for a listing: first, last and a window around the current page, with 0 marking a gap.</summary>
public sealed record Pager(int Page, int TotalPages, Func<int, string> UrlFor)
{
    /// <summary>Products on one page of a listing (search, categories).</summary>
    public const int PageSize = 24;

    /// <summary>How many pages <paramref name="total"/> items fill; an empty listing still has its one page.</summary>
    public static int PagesFor(int total, int pageSize = PageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

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
}
