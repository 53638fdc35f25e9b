using System.Runtime.InteropServices;

namespace WebApp.Search;

/// <summary>Ids of the products a full-text expression matches, newest first.</summary>
public sealed record Matches(List<int> Ids);

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

    /// <summary>What the cache weighs it at, in KB.</summary>
    public long Kilobytes => 1 + _bytes.Length / 1024;

    /// <param name="newestFirst">Strictly descending and not negative, as the index lists them.</param>
    public static PackedIds Pack(List<int> newestFirst)
    {
        var buffer = new byte[newestFirst.Count * 5];
        var at = 0;
        var previous = newestFirst.Count == 0 ? 0 : newestFirst[0];
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var id = newestFirst[i];
            if (id < 0 || (i > 0 && id >= previous)) throw new ArgumentException("Ids must be descending and not negative.", nameof(newestFirst));
            var gap = (uint)(i == 0 ? id : previous - id);
            previous = id;
            while (gap >= 0x80)
            {
                buffer[at++] = (byte)(gap | 0x80);
                gap >>= 7;
            }
            buffer[at++] = (byte)gap;
        }
        return new PackedIds(buffer[..at], newestFirst.Count);
    }

    /// <summary>A new list each time: callers may keep it.</summary>
    public List<int> Unpack()
    {
        var ids = new List<int>(Count);
        CollectionsMarshal.SetCount(ids, Count);
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
            uint gap = 0;
            var shift = 0;
            byte b;
            do
            {
                b = bytes[at++];
                gap |= (uint)(b & 0x7F) << shift;
                shift += 7;
            } while (b >= 0x80);
            current = i == 0 ? (int)gap : current - (int)gap;
            into[i] = current;
        }
    }
}
