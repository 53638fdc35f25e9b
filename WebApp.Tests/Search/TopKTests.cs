using WebApp.Search;

namespace WebApp.Tests.Search;

/// <summary>The kept best keys are exactly a full sort's, for pages within the heap's k and past it, merged or not.</summary>
public sealed class TopKTests
{
    [Theory]
    [InlineData(24, 0, 24)]
    [InlineData(72, 48, 24)]
    [InlineData(1, 0, 1)]
    [InlineData(5_000, 4_800, 24)]
    [InlineData(72, 60, 24)]
    public void A_page_is_the_same_slice_as_a_full_sort_ties_included(int k, int skip, int take)
    {
        var random = new Random(k * 31 + skip);
        // Few distinct primaries, so most keys tie on it and the secondary and tie-break decide.
        var keys = Enumerable.Range(0, 20_000).Select(id => new RankKey(random.Next(50), random.Next(3), -id, id)).ToList();
        var whole = new TopK(k);
        var (left, right) = (new TopK(k), new TopK(k));
        for (var i = 0; i < keys.Count; i++)
        {
            whole.Add(keys[i]);
            (i % 2 == 0 ? left : right).Add(keys[i]);
        }
        left.Merge(right);

        var expected = keys.Order().Take(k).Skip(skip).Take(take).ToList();
        Assert.Equal(expected, whole.Page(skip, take));
        Assert.Equal(expected, left.Page(skip, take));
    }

    [Fact]
    public void Fewer_keys_than_k_are_all_kept_in_order_and_k_zero_keeps_none()
    {
        var some = new TopK(24);
        foreach (var id in new[] { 5, 1, 9, 3 }) some.Add(new RankKey(id, 0, 0, id));
        Assert.Equal([1, 3, 5, 9], some.Page(0, 24).Select(key => key.Id));
        Assert.Equal([9], some.Page(3, 24).Select(key => key.Id));
        Assert.Empty(some.Page(4, 24));

        var none = new TopK(0);
        none.Add(new RankKey(1, 0, 0, 1));
        Assert.Empty(none.Page(0, 24));
    }
}
