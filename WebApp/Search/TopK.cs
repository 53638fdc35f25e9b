namespace WebApp.Search;

/// <summary>
/// Keeps the best k keys seen: a max-heap whose root, the worst kept, is replaced when something better comes. For a
/// deep page (k in the thousands) a heap costs a log k step per key and a sort of all k at the end, so it keeps every
/// key instead and selects the page's slice in linear time.
/// </summary>
internal sealed class TopK(int k)
{
    private const int HeapUpTo = 1_000;

    // A binary max-heap of its own, the worst kept at the root, rather than PriorityQueue<RankKey, RankKey>: that one
    // stored every key twice (element and priority, 64 bytes a node) and compared through a delegate. perf on searches
    // ranked by relevance (two random words, 32 connections) put 6.7% of the CPU in the queue, its comparer and Add.
    private readonly RankKey[]? _heap = k <= HeapUpTo ? new RankKey[k] : null;
    private readonly List<RankKey>? _all = k <= HeapUpTo ? null : [];
    private int _count;

    public void Add(RankKey key)
    {
        if (k == 0) return;
        if (_all is not null) _all.Add(key);
        else if (_count < k) SiftUp(_count++, key);
        else if (key.CompareTo(_heap![0]) < 0) SiftDown(key);
    }

    public void Merge(TopK other)
    {
        if (_all is not null && other._all is not null) _all.AddRange(other._all);
        else foreach (var key in other.Keys()) Add(key);
    }

    /// <summary>The keys ranked <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/>, in order.</summary>
    public List<RankKey> Page(int skip, int take)
    {
        if (_all is null)
        {
            var kept = Keys().ToArray();
            Array.Sort(kept);
            return [.. kept.Skip(skip).Take(take)];
        }
        if (skip >= _all.Count) return [];
        var keys = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_all);
        take = Math.Min(take, keys.Length - skip);
        if (skip > 0) Select(keys, skip);
        var rest = keys[skip..];
        if (take < rest.Length) Select(rest, take - 1);
        var page = rest[..take];
        page.Sort();
        return [.. page];
    }

    private ReadOnlySpan<RankKey> Keys() => _all is not null ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_all) : _heap.AsSpan(0, _count);

    // A new key at the end, moved up past every better parent.
    private void SiftUp(int at, RankKey key)
    {
        var heap = _heap!;
        while (at > 0)
        {
            var parent = (at - 1) >> 1;
            if (heap[parent].CompareTo(key) >= 0) break;
            heap[at] = heap[parent];
            at = parent;
        }
        heap[at] = key;
    }

    // The root (the worst kept) replaced by a better key, moved down past every worse child.
    private void SiftDown(RankKey key)
    {
        var (heap, n, at) = (_heap!, _count, 0);
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= n) break;
            if (child + 1 < n && heap[child + 1].CompareTo(heap[child]) > 0) child++;
            if (heap[child].CompareTo(key) <= 0) break;
            heap[at] = heap[child];
            at = child;
        }
        heap[at] = key;
    }

    /// <summary>Reorders <paramref name="keys"/> so the n-th smallest is at n, smaller ones before it and larger after (quickselect).</summary>
    private static void Select(Span<RankKey> keys, int n)
    {
        var (lo, hi) = (0, keys.Length - 1);
        while (lo < hi)
        {
            var pivot = MedianOfThree(keys[lo], keys[lo + (hi - lo) / 2], keys[hi]);
            var (i, j) = (lo, hi);
            while (i <= j)
            {
                while (keys[i].CompareTo(pivot) < 0) i++;
                while (keys[j].CompareTo(pivot) > 0) j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            if (n <= j) hi = j;
            else if (n >= i) lo = i;
            else return;
        }
    }

    private static RankKey MedianOfThree(RankKey a, RankKey b, RankKey c) =>
        a.CompareTo(b) < 0
            ? (b.CompareTo(c) < 0 ? b : a.CompareTo(c) < 0 ? c : a)
            : (a.CompareTo(c) < 0 ? a : b.CompareTo(c) < 0 ? c : b);
}
