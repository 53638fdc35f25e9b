namespace WebApp.Search;

/// <summary>
/// Keeps the best k keys seen: a max-heap whose root, the worst kept, is replaced when something better comes. For a
/// deep page (k in the thousands) a heap costs a log k step per key and a sort of all k at the end, so it keeps every
/// key instead and selects the page's slice in linear time.
/// </summary>
internal sealed class TopK(int k)
{
    private const int HeapUpTo = 1_000;

    // Worst first, so the root is the one to replace.
    private static readonly Comparer<RankKey> s_worstFirst = Comparer<RankKey>.Create((a, b) => b.CompareTo(a));

    private readonly PriorityQueue<RankKey, RankKey>? _heap = k <= HeapUpTo ? new(k + 1, s_worstFirst) : null;
    private readonly List<RankKey>? _all = k <= HeapUpTo ? null : [];

    public void Add(RankKey key)
    {
        if (k == 0) return;
        if (_all is not null) _all.Add(key);
        else if (_heap!.Count < k) _heap.Enqueue(key, key);
        else if (key.CompareTo(_heap.Peek()) < 0) _heap.EnqueueDequeue(key, key);
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
            var list = Keys().ToList();
            list.Sort();
            return [.. list.Skip(skip).Take(take)];
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

    private IEnumerable<RankKey> Keys() => _all ?? _heap!.UnorderedItems.Select(x => x.Element);

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
