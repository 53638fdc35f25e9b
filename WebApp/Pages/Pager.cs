namespace WebApp.Pages;

/// <summary>Page links for a listing: first, last and a window around the current page, with 0 marking a gap.</summary>
public sealed record Pager(int Page, int TotalPages, Func<int, string> UrlFor)
{
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
