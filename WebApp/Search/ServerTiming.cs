using System.Diagnostics;

namespace WebApp.Search;

public static class ServerTiming
{
    /// <summary>A Server-Timing value anyone can read in the browser's network panel: how long search took, and whether the cache answered.</summary>
    public static string Search(long startedTimestamp, bool cacheHit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"search;dur={Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds:F2};desc=\"{(cacheHit ? "hit" : "miss")}\"");
}
