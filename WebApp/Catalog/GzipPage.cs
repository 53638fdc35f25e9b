using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace WebApp.Catalog;

/// <summary>
/// A shared catalogue page kept gzip-compressed, with a hole wherever a visitor's antiforgery token or cart count goes:
/// answering a browser costs copying ~6 KB of stored pieces with the visitor's values between them, where the page
/// itself is ~46 KB, and nothing is compressed or decompressed per request.
/// <para>
/// How: the page is compressed as one deflate stream in which every hole holds NUL bytes, as many as its value will
/// have, with a sync flush on both sides of it; the hole's compressed bytes are dropped, and each response puts a stored
/// (uncompressed) block with the visitor's value in their place. Text after a hole may still point back at text before
/// it (the hole is as long as the value, so the distances hold), and never into a hole: the page holds no NUL (checked),
/// so no stretch of it can match one.
/// </para>
/// <para>
/// This is also why it is safe to compress pages that show what a visitor typed beside their token (BREACH): the token
/// is never compressed. It travels as stored bytes, and every compressed piece is the same for every visitor, so neither
/// the length nor the bytes of a response depend on how a secret compares with text an attacker chose.
/// </para>
/// </summary>
public sealed class GzipPage
{
    public enum HoleKind : byte { Token, CartCount }

    /// <summary>Where a value goes in the page: its placeholder's position and length.</summary>
    public readonly record struct Hole(int At, int Length, HoleKind Kind);

    // Gzip's header: deflate, no name or time, unknown OS. Then the deflate stream, then CRC-32 and length.
    private static readonly byte[] s_header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

    // An empty stored block marked last: ends the deflate stream at a byte boundary, as every piece here does.
    private static readonly byte[] s_end = [1, 0, 0, 0xff, 0xff];

    private readonly byte[] _compressed;
    private readonly Piece[] _pieces;
    private readonly uint _tokenShift;
    private readonly uint _countShift;
    private readonly bool _hasToken;
    private readonly bool _hasCount;

    // A run of compressed text (From..To in _compressed) with the CRC and length of the text it stands for, or a hole.
    private readonly record struct Piece(int From, int To, uint Crc, uint Shift, HoleKind? Hole);

    private GzipPage(byte[] compressed, Piece[] pieces, int tokenLength, int countLength, long length)
    {
        _compressed = compressed;
        _pieces = pieces;
        TokenLength = tokenLength;
        CountLength = countLength;
        _tokenShift = Crc32Combine.Shift(tokenLength);
        _countShift = Crc32Combine.Shift(countLength);
        Length = length;
        _hasToken = Array.Exists(pieces, p => p.Hole == HoleKind.Token);
        _hasCount = Array.Exists(pieces, p => p.Hole == HoleKind.CartCount);
    }

    /// <summary>Whether the page has a form to fill with an antiforgery token.</summary>
    public bool HasToken => _hasToken;

    /// <summary>Whether the page shows the cart count.</summary>
    public bool HasCount => _hasCount;

    /// <summary>How long a token must be to fill this page (anonymous tokens all have one length).</summary>
    public int TokenLength { get; }

    /// <summary>How many digits the cart count must have (one: built for 0-9, the count nearly every visitor has).</summary>
    public int CountLength { get; }

    /// <summary>The page's length once filled, uncompressed.</summary>
    public long Length { get; }

    /// <summary>Memory this holds, roughly: what a cache of these counts.</summary>
    public int Size => _compressed.Length + _pieces.Length * 24 + 64;

    public bool Fits(ReadOnlySpan<byte> token, ReadOnlySpan<byte> count) =>
        (!_hasToken || token.Length == TokenLength) && (!_hasCount || count.Length == CountLength);

    /// <summary>
    /// The page compressed with its holes, or null when it cannot be (it holds a NUL byte, or a value would not fit a
    /// stored block). <paramref name="holes"/> are in page order and do not overlap.
    /// </summary>
    public static GzipPage? Build(ReadOnlySpan<byte> page, IReadOnlyList<Hole> holes, int tokenLength, int countLength)
    {
        if (page.IndexOf((byte)0) >= 0 || tokenLength is < 0 or > ushort.MaxValue || countLength is < 0 or > ushort.MaxValue) return null;
        using var output = new MemoryStream(page.Length / 6);
        var pieces = new List<Piece>(holes.Count * 2 + 1);
        var length = 0L;
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            var from = 0;
            var kept = 0;
            foreach (var hole in holes)
            {
                var text = page[from..hole.At];
                deflate.Write(text);
                deflate.Flush();
                pieces.Add(new Piece(kept, (int)output.Length, Crc32.HashToUInt32(text), Crc32Combine.Shift(text.Length), null));
                length += text.Length;

                var valueLength = hole.Kind == HoleKind.Token ? tokenLength : countLength;
                deflate.Write(new byte[valueLength]);
                deflate.Flush();
                // The hole's own compressed bytes are cut out of what is kept.
                kept = (int)output.Length;
                pieces.Add(new Piece(0, 0, 0, 0, hole.Kind));
                length += valueLength;
                from = hole.At + hole.Length;
            }
            var rest = page[from..];
            deflate.Write(rest);
            deflate.Flush();
            pieces.Add(new Piece(kept, (int)output.Length, Crc32.HashToUInt32(rest), Crc32Combine.Shift(rest.Length), null));
            length += rest.Length;
        }

        // Disposing the stream wrote its own last block after the final flush; the pieces end before it.
        var all = output.GetBuffer();
        var compressed = new byte[pieces.Where(p => p.Hole is null).Sum(p => p.To - p.From)];
        var at = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Hole is not null) continue;
            var piece = pieces[i];
            all.AsSpan(piece.From, piece.To - piece.From).CopyTo(compressed.AsSpan(at));
            pieces[i] = piece with { From = at, To = at + piece.To - piece.From };
            at += piece.To - piece.From;
        }
        return new GzipPage(compressed, [.. pieces], tokenLength, countLength, length);
    }

    /// <summary>The gzip body filled with these values (which must <see cref="Fits"/>), as parts to send in order.</summary>
    public long Fill(List<ReadOnlyMemory<byte>> parts, byte[] token, byte[] count)
    {
        parts.Clear();
        parts.Add(s_header);
        var tokenCrc = Crc32.HashToUInt32(token);
        var countCrc = Crc32.HashToUInt32(count);
        var tokenBlock = StoredBlockHeader(token.Length);
        var countBlock = StoredBlockHeader(count.Length);
        var crc = 0u;
        foreach (var piece in _pieces)
        {
            switch (piece.Hole)
            {
                case HoleKind.Token:
                    parts.Add(tokenBlock);
                    parts.Add(token);
                    crc = Crc32Combine.Append(crc, tokenCrc, _tokenShift);
                    break;
                case HoleKind.CartCount:
                    parts.Add(countBlock);
                    parts.Add(count);
                    crc = Crc32Combine.Append(crc, countCrc, _countShift);
                    break;
                default:
                    parts.Add(_compressed.AsMemory(piece.From, piece.To - piece.From));
                    crc = Crc32Combine.Append(crc, piece.Crc, piece.Shift);
                    break;
            }
        }
        parts.Add(s_end);
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), (uint)Length);
        parts.Add(trailer);
        return parts.Sum(p => (long)p.Length);
    }

    /// <summary>
    /// The page filled with these values (which must <see cref="Fits"/>), uncompressed, into <paramref name="page"/>
    /// (<see cref="Length"/> bytes): for a client that takes no gzip. The deflate stream <see cref="Fill"/> makes is
    /// inflated, so the bytes are the very ones a gzip client unpacks.
    /// </summary>
    public void Unpack(Span<byte> page, byte[] token, byte[] count)
    {
        var parts = new List<ReadOnlyMemory<byte>>(_pieces.Length * 2 + 3);
        var length = (int)Fill(parts, token, count);
        var compressed = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var at = 0;
            foreach (var part in parts)
            {
                part.Span.CopyTo(compressed.AsSpan(at));
                at += part.Length;
            }
            // Between gzip's header and its trailer: the raw deflate stream.
            using var inflate = new DeflateStream(new MemoryStream(compressed, s_header.Length, length - s_header.Length - 8, writable: false), CompressionMode.Decompress);
            inflate.ReadExactly(page[..checked((int)Length)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>
    /// The page uncompressed, with NUL bytes where the values go, kept beside the copy for clients that take no gzip
    /// (<see cref="PageStore.PlainOf"/>): filling it is copying, where unpacking inflates the whole page every time.
    /// </summary>
    public sealed class Plain
    {
        private readonly byte[] _page;
        private readonly Hole[] _holes;

        internal Plain(byte[] page, Hole[] holes)
        {
            _page = page;
            _holes = holes;
        }

        public int Size => _page.Length + _holes.Length * 12 + 64;

        /// <summary>The page with these values (which must fit its copy) in its holes, as parts to send in order.</summary>
        public long Fill(List<ReadOnlyMemory<byte>> parts, byte[] token, byte[] count)
        {
            CatalogPageFill.Fill(parts, _page, _holes, token, count);
            return _page.Length;
        }

        /// <summary>The page with values of any length in its holes (the store puts its placeholders back).</summary>
        public void CopyTo(Span<byte> into, ReadOnlySpan<byte> token, ReadOnlySpan<byte> count)
        {
            var from = 0;
            foreach (var hole in _holes)
            {
                var text = _page.AsSpan(from, hole.At - from);
                text.CopyTo(into);
                var value = hole.Kind == HoleKind.Token ? token : count;
                value.CopyTo(into[text.Length..]);
                into = into[(text.Length + value.Length)..];
                from = hole.At + hole.Length;
            }
            _page.AsSpan(from).CopyTo(into);
        }
    }

    // Set once by PageStore (which counts its memory), and set to s_dropped when the copy's page leaves the store.
    private Plain? _plain;
    private static readonly Plain s_dropped = new([], []);

    internal Plain? PlainCopy => _plain is { } plain && !ReferenceEquals(plain, s_dropped) ? plain : null;

    /// <summary>The plain copy, made from this copy's own bytes (so it is the page every client unpacks).</summary>
    internal Plain MakePlain()
    {
        var page = new byte[Length];
        Unpack(page, new byte[TokenLength], new byte[CountLength]);
        var holes = new List<Hole>();
        var at = 0;
        foreach (var kind in _pieces.Where(p => p.Hole is not null).Select(p => p.Hole!.Value))
        {
            // The page holds no NUL of its own (Build checks), so each run of them is the next hole, in page order.
            at += page.AsSpan(at).IndexOf((byte)0);
            holes.Add(new Hole(at, kind == HoleKind.Token ? TokenLength : CountLength, kind));
            at += holes[^1].Length;
        }
        return new Plain(page, [.. holes]);
    }

    /// <summary>Keeps <paramref name="plain"/> unless one is kept or the copy was dropped; whether it was.</summary>
    internal bool TryKeep(Plain plain) => Interlocked.CompareExchange(ref _plain, plain, null) is null;

    /// <summary>No plain copy from now on; the size of the one dropped, if any.</summary>
    internal int DropPlain() => Interlocked.Exchange(ref _plain, s_dropped) is { } plain && !ReferenceEquals(plain, s_dropped) ? plain.Size : 0;

    // A stored block that is not the last: BFINAL 0 and BTYPE 00 in one byte (a stored block starts at a byte boundary),
    // then its length and the length's complement.
    private static byte[] StoredBlockHeader(int length)
    {
        var header = new byte[5];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(1), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(3), (ushort)~length);
        return header;
    }
}

/// <summary>
/// CRC-32 of two runs put together from the CRC of each and the second's length, as zlib's crc32_combine does: the
/// first CRC times x^(8 x length) modulo the CRC polynomial, plus the second. A page's CRC is then a few multiplications
/// per piece, never a pass over the page.
/// </summary>
internal static class Crc32Combine
{
    private const uint Polynomial = 0xedb88320;

    // x^(2^k) modulo the polynomial, k = 0..31 (bit-reflected, x^0 is the top bit).
    private static readonly uint[] s_powers = Powers();

    /// <summary>The operator that moves a CRC past <paramref name="length"/> bytes.</summary>
    public static uint Shift(long length)
    {
        var p = 1u << 31;
        var k = 3;   // a byte is x^8 = x^(2^3)
        for (var n = length; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0) p = Multiply(s_powers[k & 31], p);
        }
        return p;
    }

    /// <summary>The CRC of a run followed by another whose CRC is <paramref name="next"/> and whose length gave <paramref name="shift"/>.</summary>
    public static uint Append(uint crc, uint next, uint shift) => Multiply(shift, crc) ^ next;

    private static uint Multiply(uint a, uint b)
    {
        var product = 0u;
        for (var m = 1u << 31; m != 0; m >>= 1)
        {
            if ((a & m) != 0)
            {
                product ^= b;
                if ((a & (m - 1)) == 0) break;
            }
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    private static uint[] Powers()
    {
        var powers = new uint[32];
        var p = 1u << 30;   // x^1
        powers[0] = p;
        for (var i = 1; i < 32; i++) powers[i] = p = Multiply(p, p);
        return powers;
    }
}
