using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Observability;

namespace WebApp.Search;

/// <summary>
/// Search answers in memory. The key is built here and only here, from the normalised request and the catalogue
/// version, so any catalogue change makes older answers unreachable (they age out under the size limit). Identical
/// concurrent misses share one computation.
/// </summary>
public sealed class SearchCache(CatalogVersion version, IOptions<SearchOptions> options, StoreMetrics metrics) : IDisposable
{
    // Over the limit, a fifth goes at once (not the default twentieth), so a full cache is not refusing new entries
    // again after every few large ones.
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L, CompactionPercentage = 0.2 });

    // Match lists apart from answers: sharing one limit, a stream of distinct answers (every search with another price
    // floor, say) pushed the lists out, and each answer then read its words' matches from the index again (under 32
    // connections, 28% of request time was that). A list is a shortcut to every page, sort and filter of its words.
    private readonly MemoryCache _matches = new(new MemoryCacheOptions { SizeLimit = options.Value.MatchCacheMegabytes * 1024L, CompactionPercentage = 0.2 });
    private readonly ConcurrentDictionary<string, Lazy<Task<(object Value, bool Computed)>>> _inflight = new();

    /// <summary>
    /// An answer's key. Brands and categories are already sorted and without repeats in <see cref="SearchRequest"/>, so
    /// the same choices in another order share a key; <paramref name="scope"/> is a category page's own category.
    /// </summary>
    public string KeyFor(SearchRequest r, string? scope = null) => string.Join('\u001f',
        "search", version.Current.ToString(CultureInfo.InvariantCulture), r.Text.Key, scope ?? "", string.Join(',', r.Categories), string.Join(',', r.Brands),
        r.MinPriceCents?.ToString(CultureInfo.InvariantCulture) ?? "", r.MaxPriceCents?.ToString(CultureInfo.InvariantCulture) ?? "",
        r.InStock ? "1" : "0", r.Sort.Key, r.Page.ToString(CultureInfo.InvariantCulture), r.PageSize.ToString(CultureInfo.InvariantCulture));

    public string KeyForSuggestions(SearchText text, string? price = null) => string.Join('\u001f',
        "suggest", version.Current.ToString(CultureInfo.InvariantCulture), text.Key, price ?? "");

    /// <summary>
    /// The ids an FTS5 expression matches (before filters, sorting or paging), shared by every page, sort and filter of
    /// the same words: paging through a search, or narrowing it by a facet, does not ask the index again.
    /// </summary>
    public string KeyForMatches(string expression, string variant) => string.Join('\u001f',
        MatchesKind, version.Current.ToString(CultureInfo.InvariantCulture), expression, variant);

    private const string MatchesKind = "matches";

    /// <summary>Every brand's name and slug, for facet labels: a few hundred rows, read once per catalogue version.</summary>
    public string KeyForBrands() => string.Join('\u001f', "brands", version.Current.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The cached value for <paramref name="key"/>, or <paramref name="compute"/>'s, computed once however many ask at
    /// the same time; <paramref name="size"/> is the entry's weight in KB (1 when not given). A value
    /// <paramref name="keep"/> refuses is handed to those waiting on it but not stored.
    /// </summary>
    public async Task<(T Value, bool Hit)> GetOrComputeAsync<T>(string key, Func<Task<T>> compute, Func<T, long>? size = null, Func<T, bool>? keep = null) where T : class
    {
        var cache = key.StartsWith(MatchesKind + "\u001f", StringComparison.Ordinal) ? _matches : _cache;
        if (cache.TryGetValue(key, out T? cached))
        {
            CountHit();
            return (cached!, true);
        }

        var lazy = _inflight.GetOrAdd(key, _ => new Lazy<Task<(object Value, bool Computed)>>(async () =>
        {
            try
            {
                // The computation this request missed may have finished (and left the in-flight table) between the
                // lookup above and joining here: its answer is in the cache, and computing it again would be waste.
                if (cache.TryGetValue(key, out object? finished)) return (finished!, false);
                var value = await compute();
                if (keep?.Invoke(value) == false) return (value, true);
                _computations.AddOrUpdate(key[..key.IndexOf('\u001f', StringComparison.Ordinal)], 1, (_, n) => n + 1);
                cache.Set(key, value, new MemoryCacheEntryOptions { Size = size?.Invoke(value) ?? 1, AbsoluteExpirationRelativeToNow = options.Value.CacheLifetime });
                return (value, true);
            }
            finally
            {
                _inflight.TryRemove(key, out Lazy<Task<(object Value, bool Computed)>>? _);
            }
        }));
        (object Value, bool Computed) found;
        try
        {
            found = await lazy.Value;
        }
        catch
        {
            CountMiss();
            throw;
        }
        // A request that waited for a computation missed; one that found the answer on the second look did not.
        if (found.Computed) CountMiss();
        else CountHit();
        return ((T)found.Value, !found.Computed);
    }

    /// <summary>A cached match list, if there is one; nothing is computed or counted.</summary>
    public bool TryPeekMatches<T>(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value) where T : class =>
        _matches.TryGetValue(key, out value) && value is not null;

    /// <summary>
    /// Whether <paramref name="key"/> was asked about before (within the match cache's memory), marking it asked: for
    /// what is worth keeping only once it comes again. A mark weighs the cache's smallest unit (1 KB).
    /// </summary>
    public bool SeenBefore(string key)
    {
        var mark = key + "\u001fseen";
        if (_matches.TryGetValue(mark, out _)) return true;
        _matches.Set(mark, s_seen, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.CacheLifetime });
        return false;
    }

    private static readonly object s_seen = new();

    private void CountHit()
    {
        Interlocked.Increment(ref _hits);
        metrics.SearchCacheHit();
    }

    private void CountMiss()
    {
        Interlocked.Increment(ref _misses);
        metrics.SearchCacheMiss();
    }

    private readonly ConcurrentDictionary<string, long> _computations = new();

    /// <summary>
    /// How many values of a kind ("search", "matches", "suggest") were computed and kept: misses that did not join one
    /// in flight. A value worked out from others in memory and not kept (an AND of cached word lists) is not counted.
    /// </summary>
    public long Computations(string kind) => _computations.GetValueOrDefault(kind);

    private long _hits;
    private long _misses;

    /// <summary>Lookups answered from memory and lookups that were not, since start (for the admin dashboard).</summary>
    public (long Hits, long Misses) Lookups => (Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    /// <summary>Entries held now, of every kind (some may be of older catalogue versions, waiting to age out).</summary>
    public int Entries => _cache.Count + _matches.Count;

    public void Dispose()
    {
        _cache.Dispose();
        _matches.Dispose();
    }
}
