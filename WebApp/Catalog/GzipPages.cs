using System.IO.Hashing;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace WebApp.Catalog;

/// <summary>
/// The gzip copies (<see cref="GzipPage"/>) of shared pages browsers are sent, found by the page's own content: a
/// 128-bit hash of the page as the output cache hands it over, placeholders and all, checked against a second,
/// independent 64-bit hash and the length kept with the copy (both hashes seeded at random at every start, so text
/// cannot be chosen to collide with another page). Nothing here can go stale: a page changed by the catalogue hashes to
/// another key, and its old copy is never found again and ages out.
/// <para>
/// A copy is made only for a page served from the output cache (<c>build</c>): a page rendered and never asked for
/// again (a search with a price nobody else types) would pay a compression for nothing. And at most
/// <see cref="MostBuildsPerSecond"/> a second: making one costs about what serving a cached page does (0.25-0.45 ms),
/// so where more pages are asked for than copies fit (bench/pages.sh spreads 32 connections evenly over 13,600 pages),
/// building them over and over cost more than sending them plain; the busy pages of a real store get theirs within
/// seconds, and the rest go plain. It also bounds what a script asking for page after page can make the store do.
/// While the copies' memory has room, <see cref="MostBuildsPerSecondWithRoom"/>: every copy made is then kept.
/// </para>
/// </summary>
public sealed class GzipPages : IDisposable
{
    private readonly MemoryCache _copies;
    private readonly TimeSpan _kept;
    private readonly bool _enabled;

    /// <summary>Copies made a second at most once their memory is nearly full (~3% of one core).</summary>
    public const int MostBuildsPerSecond = 100;

    /// <summary>
    /// Copies made a second at most while there is room: each one made then is kept, and the busy pages get theirs in
    /// seconds after a start or a catalogue change evicted them (at 100 a second, a store with 2,000 busy listings
    /// took 20 s). Still a bound on what a script can make the store compress.
    /// </summary>
    public const int MostBuildsPerSecondWithRoom = 1_000;

    private readonly long _sizeLimit;
    private long _size;

    private readonly long _plainSizeLimit;
    private long _plainSize;

    private long _second;
    private int _builtThisSecond;

    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));
    private readonly long _checkSeed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    private sealed record Copy(GzipPage Page, ulong Check, int Length);

    private readonly TimeProvider _clock;

    public GzipPages(IOptions<CatalogPageCacheOptions> options, TimeProvider clock)
    {
        _clock = clock;
        _enabled = options.Value.GzipSizeLimitMiB > 0;
        _kept = options.Value.Lifetime;
        _sizeLimit = Math.Max(1, options.Value.GzipSizeLimitMiB) * 1024L * 1024L;
        _plainSizeLimit = Math.Max(0, options.Value.PlainSizeLimitMiB) * 1024L * 1024L;
        _copies = new MemoryCache(new MemoryCacheOptions { SizeLimit = _sizeLimit, CompactionPercentage = 0.25 });
    }

    /// <summary>
    /// The gzip copy of this page, made now if <paramref name="build"/> and there is none; null when there is none
    /// (or the page cannot have one). Holes are built for a token of <paramref name="tokenLength"/> and a one-digit count.
    /// </summary>
    public GzipPage? For(ReadOnlySpan<byte> page, IReadOnlyList<GzipPage.Hole> holes, int tokenLength, bool build)
    {
        if (!_enabled) return null;
        // The token's length is part of the key: it changes when the data-protection key's algorithm does (an
        // anonymous token is 155 characters under AES-CBC keys, 114 under AES-GCM), and a copy built for the old length
        // fits no new visitor. Keyed by content alone, the old copy was found and kept alive by every request while
        // new visitors got the page plain and never the shortcut; now each length gets its own, and the old one ages out.
        var key = (XxHash128.HashToUInt128(page, _seed), tokenLength);
        // The second hash only where it is compared or kept: most pages sent plain (a miss, no copy) need neither.
        if (_copies.TryGetValue(key, out Copy? known))
        {
            return known!.Length == page.Length && known.Check == XxHash3.HashToUInt64(page, _checkSeed) ? known.Page : null;
        }
        if (!build || !MayBuild() || GzipPage.Build(page, holes, tokenLength, countLength: 1) is not { } made) return null;
        // The size the copies hold, kept here (the cache calls back for every copy it drops or refuses for want of room).
        Interlocked.Add(ref _size, made.Size);
        var entry = new MemoryCacheEntryOptions { Size = made.Size, SlidingExpiration = _kept };
        entry.RegisterPostEvictionCallback(static (_, value, _, state) =>
        {
            var copies = (GzipPages)state!;
            var page = ((Copy)value!).Page;
            Interlocked.Add(ref copies._size, -page.Size);
            Interlocked.Add(ref copies._plainSize, -page.DropPlain());
        }, this);
        _copies.Set(key, new Copy(made, XxHash3.HashToUInt64(page, _checkSeed), page.Length), entry);
        return made;
    }

    /// <summary>
    /// The uncompressed copy of <paramref name="copy"/> for a client that takes no gzip (a script, a crawler, a load
    /// tester), made now if there is none and its memory (<c>PageCache:PlainSizeLimitMiB</c>) has room; null otherwise,
    /// and the copy is inflated for that request instead. A copy's plain one lives and dies with it. Made at the same
    /// rate as copies, and never by evicting another: past the limit a page simply goes the inflating way, so a spread
    /// of pages wider than the memory does not make them over and over.
    /// </summary>
    public GzipPage.Plain? PlainOf(GzipPage copy)
    {
        if (copy.PlainCopy is { } kept) return kept;
        if (Interlocked.Read(ref _plainSize) + copy.Length > _plainSizeLimit || !MayBuild()) return null;
        var plain = copy.MakePlain();
        // Kept unless another request kept one first or the copy was dropped meanwhile. Dropped after: its eviction takes
        // the size back off, before or after this adds it.
        if (!copy.TryKeep(plain)) return copy.PlainCopy;
        Interlocked.Add(ref _plainSize, plain.Size);
        return plain;
    }

    private bool MayBuild()
    {
        var now = _clock.GetTimestamp() / _clock.TimestampFrequency;
        if (Interlocked.Exchange(ref _second, now) != now) Interlocked.Exchange(ref _builtThisSecond, 0);
        var room = Interlocked.Read(ref _size) < _sizeLimit * 9 / 10;
        return Interlocked.Increment(ref _builtThisSecond) <= (room ? MostBuildsPerSecondWithRoom : MostBuildsPerSecond);
    }

    public void Dispose() => _copies.Dispose();
}
