using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;

namespace WebApp.Catalog;

/// <summary>
/// The output cache's memory store, holding each entry Brotli-compressed (quality 1). A listing's HTML is ~50 KB and
/// compresses about tenfold, so the same memory holds every page number, sort and filter of the busy listings instead
/// of a tenth of them; a hit pays one decompression before <see cref="CatalogPageFill"/> reads it.
/// </summary>
public sealed class CompressedPageStore(IOutputCacheStore inner) : IOutputCacheStore
{
    private const int Quality = 1;
    private const int Window = 22;

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (await inner.GetAsync(key, cancellationToken) is not { Length: > sizeof(int) } stored) return null;
        var value = new byte[BinaryPrimitives.ReadInt32LittleEndian(stored)];
        return BrotliDecoder.TryDecompress(stored.AsSpan(sizeof(int)), value, out var written) && written == value.Length ? value : null;
    }

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var buffer = new byte[sizeof(int) + BrotliEncoder.GetMaxCompressedLength(value.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(buffer, value.Length);
        if (!BrotliEncoder.TryCompress(value, buffer.AsSpan(sizeof(int)), out var written, Quality, Window)) return ValueTask.CompletedTask;
        return inner.SetAsync(key, buffer[..(sizeof(int) + written)], tags, validFor, cancellationToken);
    }
}
