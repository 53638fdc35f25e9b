using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using WebApp.Currency;
using WebApp.Observability;
using WebApp.Security;

namespace WebApp.Catalog;

/// <summary>
/// A shared page the output cache has served is sent again from here, before routing, authentication and the output
/// cache run: that pipeline, the cache's lookup and the page's decompression were most of what such a hit cost. The
/// bytes are the stored page's gzip copy (<see cref="PageStore"/>), as the cache path sends it to a browser; a client
/// that takes no gzip gets the copy unpacked, which are the bytes the cache path sends it.
/// <para>
/// Why it cannot send a stale page, or one the cache would not:
/// <list type="bullet">
/// <item>It only repeats a hit. <see cref="CatalogPageFill"/> remembers, under the request's address (scheme, path
/// and query string as asked, and the display currency: everything the cache's key is made from), which stored
/// entry the cache served and the headers it replayed.</item>
/// <item>Every time, the cache's store must still hold that very entry. Entries are never changed, only replaced or
/// evicted, so a catalogue change's eviction, a newer render or the entry's expiry ends the shortcut at once.</item>
/// <item>Only requests the cache would share a page with (a GET with no sign-in or TempData cookie and no
/// Authorization header), not conditional ones. A page whose rate limit counts GETs is sent from here only if that
/// limit is the search budget (<see cref="SearchBudget"/>), spent here as the rate limiter, which runs after routing,
/// would spend it; an address past its budget goes down the pipeline and gets the limiter's 429.</item>
/// </list>
/// Anything else, or anything gone, and the request goes down the pipeline as before.
/// </para>
/// </summary>
public sealed class PageShortcut : IDisposable
{
    /// <summary>Memory the remembered addresses may take, counted by their length (~0.5 KB for a listing's).</summary>
    public const long MostAddressBytes = 4L * 1024 * 1024;

    /// <summary>The longest request target remembered.</summary>
    public const int MostAddressLength = 512;

    private readonly MemoryCache _addresses = new(new MemoryCacheOptions { SizeLimit = MostAddressBytes, CompactionPercentage = 0.25 });
    private readonly CatalogPageCache _cache;
    private readonly PageStore _store;
    private readonly CurrencyChoice _currencies;
    private readonly VisitorValues _visitor;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _kept;

    // Weak: a remembered address must not keep an evicted page alive (the store is bounded).
    private sealed record Shortcut(string StoreKey, WeakReference<PageStore.Page> Stored,
        KeyValuePair<string, StringValues>[] Headers, long StoredAt, string? Route, bool SpendsSearch);

    private long _sent;

    /// <summary>Pages sent from here since the start.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    private readonly SearchBudget _searches;

    public PageShortcut(CatalogPageCache cache, PageStore store, CurrencyChoice currencies, VisitorValues visitor,
        TimeProvider clock, IOptions<CatalogPageCacheOptions> options, SearchBudget searches)
    {
        _searches = searches;
        _cache = cache;
        _store = store;
        _currencies = currencies;
        _visitor = visitor;
        _clock = clock;
        _kept = options.Value.Lifetime;
    }

    /// <summary>The names of the response headers set so far (usually none: no allocation then).</summary>
    internal static string[] HeaderNames(IHeaderDictionary headers) => headers.Count == 0 ? [] : [.. headers.Keys];

    /// <summary>The headers set since <paramref name="before"/> was taken: on a hit, the ones the cache replayed.</summary>
    internal static KeyValuePair<string, StringValues>[] HeadersAddedSince(IHeaderDictionary headers, string[] before) =>
        [.. headers.Where(h => !before.Contains(h.Key, StringComparer.OrdinalIgnoreCase))];

    /// <summary>
    /// After <see cref="CatalogPageFill"/> served a hit from a stored page whose copy fits its visitor: remembers it for
    /// this address, with the headers the cache replayed (taken before the fill added its own).
    /// </summary>
    internal void Remember(HttpContext context, KeyValuePair<string, StringValues>[] replayed)
    {
        if (!HttpMethods.IsGet(context.Request.Method)) return;
        if (PageStore.NotedFor(context) is not (var key, PageStore.Page page)) return;
        // A page whose rate limit counts GETs is sent from here only if that is the search budget, which is spent here
        // too; any other such limit runs after routing, where this never goes. A product page's limit (back-in-stock
        // requests) counts posts alone.
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
        var spendsSearch = policy == RateLimits.Search;
        if (policy is not null && !spendsSearch && !RateLimits.CountsPostsOnly(policy)) return;
        if (AddressOf(context) is not { } address) return;
        var age = replayed.FirstOrDefault(h => h.Key.Equals(Microsoft.Net.Http.Headers.HeaderNames.Age, StringComparison.OrdinalIgnoreCase)).Value;
        var seconds = long.TryParse(age, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        // Age is worked out again when sent; the fill's own headers are set by the fill.
        KeyValuePair<string, StringValues>[] headers = [.. replayed.Where(h => !IsFillHeader(h.Key))];
        _addresses.Set(address,
            new Shortcut(key, new WeakReference<PageStore.Page>(page), headers, _clock.GetUtcNow().ToUnixTimeSeconds() - seconds,
                context.Features.Get<RequestArrival>()?.Route, spendsSearch),
            new MemoryCacheEntryOptions { Size = 256 + 2L * (address.Length + key.Length), SlidingExpiration = _kept });
    }

    private static bool IsFillHeader(string name) =>
        name.Equals(Microsoft.Net.Http.Headers.HeaderNames.Age, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Microsoft.Net.Http.Headers.HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Microsoft.Net.Http.Headers.HeaderNames.ContentEncoding, StringComparison.OrdinalIgnoreCase)
        || name.Equals(Microsoft.Net.Http.Headers.HeaderNames.Vary, StringComparison.OrdinalIgnoreCase)
        || name.Equals("Server-Timing", StringComparison.OrdinalIgnoreCase)
        || name.Equals(CatalogPageCache.StatusHeader, StringComparison.OrdinalIgnoreCase);

    /// <summary>Sends this request's page from a remembered hit; false, with nothing sent, to go the usual way.</summary>
    internal async Task<bool> TrySendAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || IsFile(request.Path) || !_cache.IsShared(context)) return false;
        // A conditional GET is the cache's to answer (it may say 304); browsers send none for these pages (no validators).
        if (request.Headers.IfNoneMatch.Count > 0 || request.Headers.IfModifiedSince.Count > 0) return false;
        if (AddressOf(context) is not { } address || !_addresses.TryGetValue(address, out Shortcut? shortcut) || shortcut is null) return false;
        if (!shortcut.Stored.TryGetTarget(out var stored) || !_store.Holds(shortcut.StoreKey, stored)) return false;
        var copy = stored.Copy;

        var filling = Stopwatch.GetTimestamp();
        var token = copy.HasToken ? _visitor.Token(context) : [];
        var count = copy.HasCount ? await _visitor.CartCountAsync(context) : [];
        if (!copy.Fits(token, count)) return false;
        // Last, so a request is counted once: past this point it is sent from here, before it the rate limiter counts it.
        if (shortcut.SpendsSearch && !_searches.TrySpend(context)) return false;

        var response = context.Response;
        foreach (var (name, value) in shortcut.Headers) response.Headers[name] = value;
        response.Headers.Age = Math.Max(0, _clock.GetUtcNow().ToUnixTimeSeconds() - shortcut.StoredAt).ToString(CultureInfo.InvariantCulture);
        _cache.CountHit(context);
        Interlocked.Increment(ref _sent);
        // The request log names the page's route, as it would after routing.
        if (context.Features.Get<RequestArrival>() is { } arrival)
        {
            arrival.Routed = true;
            arrival.Route = shortcut.Route;
        }
        var parts = CatalogPageFill.RentParts();
        byte[]? unpacked = null;
        try
        {
            long length;
            if (CatalogPageFill.AcceptsGzip(request))
            {
                length = copy.Fill(parts, token, count);
                response.Headers.ContentEncoding = "gzip";
            }
            else if (_store.PlainOf(copy) is { } plain)
            {
                // A client without gzip (a script, a crawler, a load tester): the copy's plain twin, filled.
                length = plain.Fill(parts, token, count);
            }
            else
            {
                // Or, past the plain copies' memory, the copy unpacked: inflating ~37 KB costs ~20 us, still less than
                // the pipeline and the cache's own decompression it skips.
                length = copy.Length;
                unpacked = ArrayPool<byte>.Shared.Rent((int)length);
                copy.Unpack(unpacked, token, count);
                parts.Add(unpacked.AsMemory(0, (int)length));
            }
            // Copied into the response's pipe here, so the rented array can go back before the flush.
            CatalogPageFill.Write(context, parts, length, filling);
        }
        finally
        {
            CatalogPageFill.ReturnParts(parts);
            if (unpacked is not null) ArrayPool<byte>.Shared.Return(unpacked);
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
        return true;
    }

    // A stylesheet, script or image (a dot in the last segment; slugs have none) is never a page: it skips the lookup.
    private static bool IsFile(PathString path) => path.Value is { } value && value.AsSpan(value.LastIndexOf('/') + 1).Contains('.');

    // The request as the output cache's key for it is made (CatalogPagePolicy): scheme, path and query string as they
    // came, and the display currency (not the host, which the key leaves out too). The path re-escaped (a "%3F" decodes to a "?" that is part of the path, not
    // the start of a query). Not as the cache normalizes them (letter case, the parameters the route's page reads):
    // routing has not run yet, and these determine the cache's key, so one address always means one entry; at worst a
    // page asked for under two spellings is remembered twice. Null (not remembered) past MostAddressLength: the
    // store's own links are far shorter, and a script's long made-up parameters would only take room.
    private string? AddressOf(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.ToUriComponent();
        var query = request.QueryString.Value ?? "";
        if (path.Length + query.Length > MostAddressLength) return null;
        return string.Concat([request.Scheme, "://", request.PathBase.ToUriComponent(), path, query, "\n", _currencies.For(context).Code]);
    }

    public void Dispose() => _addresses.Dispose();
}
