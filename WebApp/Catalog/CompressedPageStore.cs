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
/// </summary>
public sealed class CompressedPageStore(IOutputCacheStore inner, IHttpContextAccessor? requests = null) : IOutputCacheStore
{
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

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(sizeof(int) + value.Length / 4);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
        buffer.Write(length);
        using (var deflate = new DeflateStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(value);
        return inner.SetAsync(key, buffer.ToArray(), tags, validFor, cancellationToken);
    }
}
