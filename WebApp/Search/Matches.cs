using System.Runtime.InteropServices;

namespace WebApp.Search;

/// <summary>
/// Ids of the products a full-text expression matches, newest first. <see cref="FromMemory"/> when worked out from
/// lists already cached, without asking the index: cheaper to do again than to keep.
/// <para>
/// One word whose whole list is cached is the newest <see cref="Count"/> of that list (<see cref="Head"/>), not a copy:
/// a list of 10,001 ids per search was the largest garbage of a computed single-word search (a quarter of every byte
/// allocated under load), and the scan unpacks the head into a buffer it has anyway.
/// </para>
/// </summary>
public sealed class Matches
{
    private List<int>? _ids;

    public Matches(List<int> ids, bool fromMemory = false) => (_ids, Count, FromMemory) = (ids, ids.Count, fromMemory);

    private Matches(PackedIds head, int count) => (Head, Count, FromMemory) = (head, count, true);

    /// <summary>The newest <paramref name="count"/> ids of a cached list.</summary>
    public static Matches HeadOf(PackedIds list, int count) => new(list, Math.Min(count, list.Count));

    public bool FromMemory { get; }

    public int Count { get; }

    /// <summary>The cached list whose newest <see cref="Count"/> ids these are, or null when they are a list of their own.</summary>
    public PackedIds? Head { get; }

    /// <summary>The ids as a list (a head is unpacked into a new one, once).</summary>
    public List<int> Ids => _ids ??= Head!.Unpack(Count);
}

/// <summary>
/// A list of matching ids as it is cached: newest first, each stored as its gap below the one before in 7-bit groups
/// (LEB128). A common word's 10,000 newest matches lie close together, so most gaps take one byte: about 10 KB where
/// the ints took 40 KB, and four times as many words' lists fit in the same memory. Unpacking is one pass over the
/// bytes, far cheaper than asking the index again (under load, re-reading lists was 28% of request time).
/// </summary>
public sealed class PackedIds
{
    private readonly byte[] _bytes;

    private PackedIds(byte[] bytes, int count) => (_bytes, Count) = (bytes, count);

    public static PackedIds Empty { get; } = new([], 0);

    public int Count { get; }

    /// <summary>The packed bytes' length.</summary>
    public int ByteCount => _bytes.Length;

    /// <summary>What the cache weighs it at, in KB.</summary>
    public long Kilobytes => 1 + _bytes.Length / 1024;

    /// <param name="newestFirst">Strictly descending and not negative, as the index lists them.</param>
    public static PackedIds Pack(List<int> newestFirst)
    {
        // Measured first, then written into an array of exactly that size: a buffer of 5 bytes an id, cut down after,
        // was a large-object-heap array of up to a megabyte per list, and loading the held word lists made hundreds.
        var ids = CollectionsMarshal.AsSpan(newestFirst);
        var length = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            if (id < 0 || (i > 0 && id >= ids[i - 1])) throw new ArgumentException("Ids must be descending and not negative.", nameof(newestFirst));
            var gap = (uint)(i == 0 ? id : ids[i - 1] - id);
            length += gap < 1u << 7 ? 1 : gap < 1u << 14 ? 2 : gap < 1u << 21 ? 3 : gap < 1u << 28 ? 4 : 5;
        }
        var buffer = new byte[length];
        var at = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var gap = (uint)(i == 0 ? ids[i] : ids[i - 1] - ids[i]);
            while (gap >= 0x80)
            {
                buffer[at++] = (byte)(gap | 0x80);
                gap >>= 7;
            }
            buffer[at++] = (byte)gap;
        }
        return new PackedIds(buffer, ids.Length);
    }

    /// <summary>
    /// Keeps, in place and in order, the ids of <paramref name="newestFirst"/> (strictly descending) that this list
    /// holds, decoding it once alongside them; returns how many are kept.
    /// </summary>
    public int Retain(Span<int> newestFirst)
    {
        var bytes = _bytes.AsSpan();
        var (at, current, kept, i) = (0, 0, 0, 0);
        for (var read = 0; read < Count && i < newestFirst.Length; read++)
        {
            var gap = NextGap(bytes, ref at);
            current = read == 0 ? (int)gap : current - (int)gap;
            // Candidates newer than this list's id are not in it (the list has passed them).
            while (i < newestFirst.Length && newestFirst[i] > current) i++;
            if (i < newestFirst.Length && newestFirst[i] == current) newestFirst[kept++] = newestFirst[i++];
        }
        return kept;
    }

    /// <summary>As <see cref="Retain(Span{int})"/>, against ids already unpacked (strictly descending).</summary>
    public static int Retain(Span<int> newestFirst, ReadOnlySpan<int> other)
    {
        var (kept, i, j) = (0, 0, 0);
        while (i < newestFirst.Length && j < other.Length)
        {
            if (newestFirst[i] > other[j]) i++;
            else if (newestFirst[i] < other[j]) j++;
            else
            {
                newestFirst[kept++] = newestFirst[i++];
                j++;
            }
        }
        return kept;
    }

    /// <summary>The newest <paramref name="count"/> ids (all of them by default) as a new list each time: callers may keep it.</summary>
    public List<int> Unpack(int? count = null)
    {
        var n = Math.Min(count ?? Count, Count);
        var ids = new List<int>(n);
        CollectionsMarshal.SetCount(ids, n);
        Unpack(CollectionsMarshal.AsSpan(ids));
        return ids;
    }

    /// <summary>The newest <c>into.Length</c> ids (at most <see cref="Count"/>) into a buffer of the caller's.</summary>
    public void Unpack(Span<int> into)
    {
        if (into.Length > Count) throw new ArgumentException($"Only {Count} ids are held.", nameof(into));
        var bytes = _bytes.AsSpan();
        var at = 0;
        var current = 0;
        for (var i = 0; i < into.Length; i++)
        {
            var gap = NextGap(bytes, ref at);
            current = i == 0 ? (int)gap : current - (int)gap;
            into[i] = current;
        }
    }

    // One gap (7 bits a byte, low first, the high bit set on all but the last), from at onwards.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint NextGap(ReadOnlySpan<byte> bytes, ref int at)
    {
        uint gap = 0;
        var shift = 0;
        byte b;
        do
        {
            b = bytes[at++];
            gap |= (uint)(b & 0x7F) << shift;
            shift += 7;
        } while (b >= 0x80);
        return gap;
    }
}
