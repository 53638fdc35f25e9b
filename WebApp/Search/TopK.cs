namespace WebApp.Search;

/// <summary>Keeps the best k keys seen: a max-heap whose root, the worst kept, is replaced when something better comes.</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<RankKey, RankKey> _heap = new(k + 1, Comparer<RankKey>.Create((a, b) => b.CompareTo(a)));

    public void Add(RankKey key)
    {
        if (_heap.Count < k) _heap.Enqueue(key, key);
        else if (key.CompareTo(_heap.Peek()) < 0) _heap.EnqueueDequeue(key, key);
    }

    public List<RankKey> InOrder()
    {
        var list = _heap.UnorderedItems.Select(x => x.Element).ToList();
        list.Sort();
        return list;
    }
}
