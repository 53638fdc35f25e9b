using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace WebApp.Catalog;

/// <summary>
/// The output cache's store. Each shared page is kept once, as the gzip copy browsers are sent (<see cref="GzipPage"/>,
/// ~6 KB for a ~37 KB listing), beside the few hundred bytes of the cache's entry that come before the body (status,
/// headers). A hit through the cache gets the entry back with the page unpacked; a hit through
/// <see cref="PageShortcut"/> sends the copy as it is.
/// <para>
/// Why one copy: the store used to keep each entry deflated whole, and a second cache kept the gzip copies, made only
/// for pages asked for again and looked up by a hash of the page. The same page was compressed and held twice, and where
/// more pages were asked for than copies fit, a stored page without a copy went through the whole pipeline. Now every
/// stored page has its copy, and the memory of both holds a third more pages (bench/pages.sh, README "Session 20").
/// </para>
/// <para>
/// The copy is made for the length of the visitor's antiforgery token, which the store cannot know while the page
/// renders (the render sees placeholders), so <see cref="SetAsync"/> leaves a shared render's entry with the request
/// and <see cref="CatalogPageFill"/> stores it once the render is done (<see cref="CompletePending"/>). Anything else the
/// cache stores, or an entry in a format this does not read, is kept deflated whole.
/// </para>
/// <para>
/// Tags are kept here as the framework's memory store keeps them. An entry is only ever replaced or evicted, never
/// changed, which is what lets the shortcut ask whether the store still <see cref="Holds"/> the very entry it remembered.
/// </para>
/// </summary>
public sealed class PageStore : IOutputCacheStore, IDisposable
{
    private static readonly object s_pending = new();
    private static readonly object s_noted = new();
    private static readonly byte[] s_tokenPlaceholder = Encoding.ASCII.GetBytes(CatalogPageCache.TokenPlaceholder);
    private static readonly byte[] s_countPlaceholder = Encoding.ASCII.GetBytes(CatalogPageCache.CartCountPlaceholder);

    private readonly MemoryCache _entries;
    private readonly IHttpContextAccessor? _requests;

    // Tag -> key -> the entry stored under that key with that tag (so a late eviction callback of a replaced entry does
    // not untag its successor).
    private readonly Dictionary<string, Dictionary<string, Entry>> _tagged = new(StringComparer.Ordinal);
    private readonly Lock _tagsLock = new();
    private long _evictions;

    private readonly long _sizeLimit;
    private readonly long _plainSizeLimit;
    private long _plainSize;

    public PageStore(IOptions<CatalogPageCacheOptions> options, IHttpContextAccessor? requests = null)
    {
        _requests = requests;
        _sizeLimit = Math.Max(1, options.Value.SizeLimitMiB) * 1024L * 1024L;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = _sizeLimit, TrackStatistics = true });
        _plainSizeLimit = Math.Max(0, options.Value.PlainSizeLimitMiB) * 1024L * 1024L;
    }

    /// <summary>Pages kept as their gzip copy, and entries kept deflated whole: what the store holds now.</summary>
    public (int Pages, int Whole) Count()
    {
        lock (_tagsLock)
        {
            var entries = _tagged.Values.SelectMany(keys => keys.Values).Distinct().ToList();
            return (entries.Count(e => e is Page), entries.Count(e => e is not Page));
        }
    }

    /// <summary>
    /// Nine-tenths of the store's memory or more in use: a page stored now pushes others out (the cache's compaction
    /// drops the least recently used twentieth when an entry does not fit).
    /// </summary>
    public bool IsNearlyFull => _entries.GetCurrentStatistics()?.CurrentEstimatedSize >= _sizeLimit / 10 * 9;

    /// <summary>An entry as kept: a <see cref="Page"/>, or anything else deflated whole.</summary>
    public abstract class Entry(string[] tags)
    {
        internal string[] Tags { get; } = tags;

        /// <summary>Memory this holds, roughly: what the store's size limit counts.</summary>
        internal abstract int Size { get; }

        /// <summary>The cache's entry as it was stored; null if it cannot be made again.</summary>
        internal abstract byte[]? Restore();
    }

    /// <summary>A shared page: the cache's entry up to its body, and the body as its gzip copy.</summary>
    public sealed class Page : Entry
    {
        private readonly byte[] _head;

        internal Page(string[] tags, byte[] head, GzipPage copy, int bodyLength) : base(tags)
        {
            _head = head;
            Copy = copy;
            BodyLength = bodyLength;
        }

        public GzipPage Copy { get; }

        /// <summary>The page's length as rendered, with its placeholders.</summary>
        public int BodyLength { get; }

        internal override int Size => _head.Length + Copy.Size;

        // The page unpacked with the placeholders back in its holes: the very bytes the render wrote.
        internal override byte[] Restore()
        {
            var entry = new byte[_head.Length + BodyLength];
            _head.CopyTo(entry, 0);
            (Copy.PlainCopy ?? Copy.MakePlain()).CopyTo(entry.AsSpan(_head.Length), s_tokenPlaceholder, s_countPlaceholder);
            return entry;
        }
    }

    private sealed class Whole(string[] tags, byte[] deflated, int length) : Entry(tags)
    {
        internal override int Size => deflated.Length;

        internal override byte[]? Restore()
        {
            var value = new byte[length];
            using var inflate = new DeflateStream(new MemoryStream(deflated, writable: false), CompressionMode.Decompress);
            try
            {
                inflate.ReadExactly(value);
                return value;
            }
            catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
            {
                return null;
            }
        }

        public static Whole Of(string[] tags, byte[] value)
        {
            using var buffer = new MemoryStream(value.Length / 4);
            using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(value);
            return new Whole(tags, buffer.ToArray(), value.Length);
        }
    }

    private sealed record Pending(string Key, byte[] Value, string[] Tags, TimeSpan ValidFor, long Evictions);

    private sealed record Noted(string Key, Entry Entry);

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(key, out Entry? entry) || entry is null) return ValueTask.FromResult<byte[]?>(null);
        if (_requests?.HttpContext is { } context) context.Items[s_noted] = new Noted(key, entry);
        return ValueTask.FromResult(entry.Restore());
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (_requests?.HttpContext is { } context && CatalogPageCache.IsRenderingShared(context))
        {
            // Stored by the fill, which knows the token length the copy is made for (CompletePending).
            context.Items[s_pending] = new Pending(key, value, tags ?? [], validFor, Interlocked.Read(ref _evictions));
            return ValueTask.CompletedTask;
        }
        Keep(key, Whole.Of(tags ?? [], value), validFor, evictionsBefore: null);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// After a shared render: stores the entry the cache left with this request (if it stored one), as a page whose copy
    /// holds tokens of <paramref name="tokenLength"/>, and notes it for the request. Null when nothing was stored.
    /// </summary>
    internal Page? CompletePending(HttpContext context, int tokenLength)
    {
        if (!context.Items.Remove(s_pending, out var pending) || pending is not Pending entry) return null;
        Entry kept = PageOf(entry.Value, entry.Tags, tokenLength) ?? (Entry)Whole.Of(entry.Tags, entry.Value);
        if (!Keep(entry.Key, kept, entry.ValidFor, entry.Evictions)) return null;
        context.Items[s_noted] = new Noted(entry.Key, kept);
        return kept as Page;
    }

    /// <summary>The key and entry this request's page came from (a hit) or went into (a render just stored).</summary>
    internal static (string Key, Entry Entry)? NotedFor(HttpContext context) =>
        context.Items.TryGetValue(s_noted, out var noted) && noted is Noted n ? (n.Key, n.Entry) : null;

    /// <summary>Whether the store still holds this very entry under this key (<see cref="PageShortcut"/>).</summary>
    internal bool Holds(string key, Entry entry) => _entries.TryGetValue(key, out Entry? kept) && ReferenceEquals(kept, entry);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        lock (_tagsLock)
        {
            // Counted under the lock Keep checks it in: a render the cache handed over before this and stores after it
            // is not stored (what it shows may be what this change replaced).
            _evictions++;
            if (_tagged.Remove(tag, out var keys))
            {
                foreach (var key in keys.Keys) _entries.Remove(key);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The uncompressed copy of <paramref name="copy"/> for a client that takes no gzip (a script, a crawler, a load
    /// tester), made now if there is none and its memory (<c>PageCache:PlainSizeLimitMiB</c>) has room; null otherwise,
    /// and the copy is inflated for that request instead. A plain copy lives and dies with its page, and is never made
    /// by pushing another out: past the limit a page simply goes the inflating way.
    /// </summary>
    public GzipPage.Plain? PlainOf(GzipPage copy)
    {
        if (copy.PlainCopy is { } kept) return kept;
        if (Interlocked.Read(ref _plainSize) + copy.Length > _plainSizeLimit) return null;
        var plain = copy.MakePlain();
        // Kept unless another request kept one first or the page was evicted meanwhile (its eviction takes the size back
        // off, before or after this adds it).
        if (!copy.TryKeep(plain)) return copy.PlainCopy;
        Interlocked.Add(ref _plainSize, plain.Size);
        return plain;
    }

    private bool Keep(string key, Entry entry, TimeSpan validFor, long? evictionsBefore)
    {
        var options = new MemoryCacheEntryOptions { Size = entry.Size + Overhead(key, entry.Tags), AbsoluteExpirationRelativeToNow = validFor };
        options.RegisterPostEvictionCallback(static (key, value, _, state) => ((PageStore)state!).Evicted((string)key, (Entry)value!), this);
        lock (_tagsLock)
        {
            if (evictionsBefore is { } before && before != _evictions) return false;
            foreach (var tag in entry.Tags)
            {
                if (!_tagged.TryGetValue(tag, out var keys)) _tagged[tag] = keys = new(StringComparer.Ordinal);
                keys[key] = entry;
            }
            _entries.Set(key, entry, options);
        }
        return true;
    }

    /// <summary>
    /// What an entry costs beside its bytes, counted against the size limit so the limit bounds memory rather than bytes
    /// of pages: the key (UTF-16), and per entry the cache's entry, its expiration tokens and eviction callback (list and
    /// registration), the cache's dictionary node and the <see cref="Page"/> itself (~360 bytes, from
    /// <c>dotnet-dump</c>'s <c>dumpheap -stat</c> on a full store at 1M), plus a slot in the tag index per tag. The
    /// store counted 64 bytes for all of it, so "40 MiB" of pages took ~46 MB.
    /// </summary>
    internal static int Overhead(string key, string[] tags) => 384 + 2 * key.Length + 40 * tags.Length;

    private void Evicted(string key, Entry entry)
    {
        if (entry is Page page) Interlocked.Add(ref _plainSize, -page.Copy.DropPlain());
        lock (_tagsLock)
        {
            foreach (var tag in entry.Tags)
            {
                // Replaced entries are untagged by their successor's own tags taking the key; only this one is removed.
                if (_tagged.TryGetValue(tag, out var keys) && keys.TryGetValue(key, out var tagged) && ReferenceEquals(tagged, entry))
                {
                    keys.Remove(key);
                    if (keys.Count == 0) _tagged.Remove(tag);
                }
            }
        }
    }

    // The entry as a page, or null: not in the format read here, no body, or a body that cannot have a copy (a NUL byte).
    private static Page? PageOf(byte[] value, string[] tags, int tokenLength)
    {
        if (!TryFindBody(value, out var start)) return null;
        var body = value.AsSpan(start);
        var holes = new List<GzipPage.Hole>();
        CatalogPageFill.FindHoles(body, holes);
        return GzipPage.Build(body, holes, tokenLength, countLength: 1) is { } copy ? new Page(tags, value[..start], copy, body.Length) : null;
    }

    /// <summary>
    /// Where the body starts in an output cache entry. The framework's format (revision 2 of OutputCacheEntryFormatter):
    /// the revision, the creation time's ticks and offset, the status, the headers (each name and value either an index
    /// into its table of common strings or a length and UTF-8 bytes), then the body's length and the body, last. Read
    /// only as far as the body; any other revision, or a length that is not what follows, and the entry is kept whole.
    /// </summary>
    internal static bool TryFindBody(ReadOnlySpan<byte> entry, out int start)
    {
        start = 0;
        var at = 0;
        if (!Read(entry, ref at, out var revision) || revision != 2) return false;
        // Creation ticks, offset minutes, status code.
        for (var i = 0; i < 3; i++) if (!Read(entry, ref at, out _)) return false;
        if (!Read(entry, ref at, out var headers)) return false;
        for (var h = 0ul; h < headers; h++)
        {
            if (!SkipString(entry, ref at) || !Read(entry, ref at, out var values)) return false;
            for (var v = 0ul; v < values; v++) if (!SkipString(entry, ref at)) return false;
        }
        if (!Read(entry, ref at, out var length) || length == 0 || length != (ulong)(entry.Length - at)) return false;
        start = at;
        return true;

        static bool SkipString(ReadOnlySpan<byte> entry, ref int at)
        {
            if (!Read(entry, ref at, out var preamble)) return false;
            // The low bit set: an index into the common strings. Clear: the string's byte length, shifted left once.
            if ((preamble & 1) == 1) return true;
            var length = preamble >> 1;
            if (length > (ulong)(entry.Length - at)) return false;
            at += (int)length;
            return true;
        }
    }

    // A 7-bit encoded (LEB128) number of up to 64 bits.
    private static bool Read(ReadOnlySpan<byte> entry, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= entry.Length) return false;
            var b = entry[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }

    public void Dispose() => _entries.Dispose();
}
