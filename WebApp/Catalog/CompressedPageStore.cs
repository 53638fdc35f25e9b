using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;

namespace WebApp.Catalog;

/// <summary>
/// The output cache's memory store, holding each entry deflate-compressed. A listing's HTML is ~55 KB and compresses
/// about ninefold, so the same memory holds every page number, sort and filter of the busy listings instead of a ninth
/// of them; a hit pays one decompression. Deflate rather than Brotli: at the same size (zlib level 6 against Brotli
/// quality 1) it decodes a product page in under half the time, and every hit decodes.
/// <para>
/// Not kept decompressed as well: a second cache of decompressed copies made hits of the busiest pages cheaper still,
/// but its evicted copies (tens of KB each, old enough to reach the GC's oldest generation) piled up between full
/// collections and grew the working set by hundreds of MB under a spread of product pages.
/// </para>
/// <para>
/// Each hit's decompressed copy is a new array, not a pooled one: ASP.NET coalesces concurrent lookups of one key and
/// hands every waiting request the same entry, whose body is a slice of this array, so no single request knows when
/// it may be given back (a pooled array handed on early could put one visitor's filled page into another's).
/// </para>
/// <para>
/// Stores are rationed once the memory store is full (<see cref="MostStoresPerSecondWhenFull"/>). The memory store
/// turns an entry away when it has no room, and frees some by compacting meanwhile; under pages asked for more widely
/// than it holds (32 connections over 8,925 search pages, one word each, page 1-3 and five sorts, at 1M products:
/// 45 MB compressed against 32 MiB) every miss was compressed and stored, only to push out a page as likely to be asked
/// for next, or to be turned away after its compression. Storing was then more of the CPU than rendering (7.2% of the
/// samples against 6.8%) and bought no hits: which pages are kept does not change how many are found when demand is
/// spread evenly. Where it is not, the pages asked for most still get in at this rate, within seconds.
/// </para>
/// </summary>
public sealed class CompressedPageStore(IOutputCacheStore inner, IHttpContextAccessor? requests = null, TimeProvider? clock = null) : IOutputCacheStore
{
    /// <summary>Entries stored a second at most while the memory store has lately turned one away for want of room.</summary>
    public const int MostStoresPerSecondWhenFull = 100;

    /// <summary>How long after a refusal the store counts as full: past it, the rate is unbounded again.</summary>
    public static readonly TimeSpan FullFor = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _fullUntil = long.MinValue;
    private long _second;
    private int _storedThisSecond;

    /// <summary>
    /// Whether the store still holds this very entry (<see cref="PageShortcut"/>): the memory store hands back the
    /// array it keeps, and an entry is only ever replaced or evicted, never changed.
    /// </summary>
    public async ValueTask<bool> HoldsAsync(string key, byte[] stored, CancellationToken cancellationToken) =>
        ReferenceEquals(await inner.GetAsync(key, cancellationToken), stored);

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (await inner.GetAsync(key, cancellationToken) is not { Length: > sizeof(int) } stored) return null;
        if (requests?.HttpContext is { } context) PageShortcut.NoteStored(context, key, stored);
        var value = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored)];
        using var inflate = new DeflateStream(new MemoryStream(stored, sizeof(int), stored.Length - sizeof(int), writable: false), CompressionMode.Decompress);
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

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var now = _clock.GetTimestamp();
        if (!MayStore(now)) return;
        var stored = Compress(value);
        await inner.SetAsync(key, stored, tags, validFor, cancellationToken);
        // Turned away (the memory store keeps no entry past its size limit, and compacts instead): full, for a while.
        if (!ReferenceEquals(await inner.GetAsync(key, cancellationToken), stored))
        {
            Interlocked.Exchange(ref _fullUntil, now + (long)(FullFor.TotalSeconds * _clock.TimestampFrequency));
        }
    }

    private bool MayStore(long now)
    {
        if (now >= Interlocked.Read(ref _fullUntil)) return true;
        var second = now / _clock.TimestampFrequency;
        if (Interlocked.Exchange(ref _second, second) != second) Interlocked.Exchange(ref _storedThisSecond, 0);
        return Interlocked.Increment(ref _storedThisSecond) <= MostStoresPerSecondWhenFull;
    }

    private static byte[] Compress(byte[] value)
    {
        using var buffer = new MemoryStream(sizeof(int) + value.Length / 4);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        buffer.Write(length);
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(value);
        return buffer.ToArray();
    }
}
