using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WebApp.Catalog;

namespace WebApp.Search;

public sealed class SearchOptions
{
    /// <summary>How many search answers the cache holds (each entry has size 1; an answer is a page of ids and its facets, a few KB).</summary>
    public long CacheEntries { get; set; } = 20_000;

    /// <summary>An upper bound on an answer's life; the catalogue version already keeps answers from going stale.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Search answers in memory. The key is built here and only here, from the normalised request and the catalogue
/// version, so any catalogue change makes older answers unreachable (they age out under the size limit). Identical
/// concurrent misses share one computation.
/// </summary>
public sealed class SearchCache(CatalogVersion version, IOptions<SearchOptions> options) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheEntries });
    private readonly ConcurrentDictionary<string, Lazy<Task<object>>> _inflight = new();

    public string KeyFor(SearchRequest r) => string.Join('\u001f',
        "search", version.Current.ToString(CultureInfo.InvariantCulture), r.Text.Normalized, r.Category ?? "", r.Brand ?? "",
        r.MinPriceCents?.ToString(CultureInfo.InvariantCulture) ?? "", r.MaxPriceCents?.ToString(CultureInfo.InvariantCulture) ?? "",
        r.InStock ? "1" : "0", r.Sort, r.Page.ToString(CultureInfo.InvariantCulture));

    public string KeyForSuggestions(SearchText text) => string.Join('\u001f',
        "suggest", version.Current.ToString(CultureInfo.InvariantCulture), text.Normalized);

    public async Task<(T Value, bool Hit)> GetOrComputeAsync<T>(string key, Func<Task<T>> compute) where T : class
    {
        if (_cache.TryGetValue(key, out T? cached)) return (cached!, true);

        var lazy = _inflight.GetOrAdd(key, _ => new Lazy<Task<object>>(async () =>
        {
            try
            {
                Interlocked.Increment(ref _computations);
                var value = await compute();
                _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.CacheLifetime });
                return value;
            }
            finally
            {
                _inflight.TryRemove(key, out Lazy<Task<object>>? _);
            }
        }));
        return ((T)await lazy.Value, false);
    }

    private long _computations;

    /// <summary>How many answers were computed (misses that did not join one already in flight).</summary>
    public long Computations => Interlocked.Read(ref _computations);

    public void Dispose() => _cache.Dispose();
}
