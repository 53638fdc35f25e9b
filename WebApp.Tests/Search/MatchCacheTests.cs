using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Observability;
using WebApp.Search;

namespace WebApp.Tests.Search;

/// <summary>Lists of matching ids: packed as gaps, and cached apart from answers so answers cannot push them out.</summary>
public sealed class MatchCacheTests
{
    [Fact]
    public void Packed_ids_unpack_to_the_same_list()
    {
        var random = new Random(5);
        var ids = new List<int> { int.MaxValue, int.MaxValue - 1 };
        while (ids[^1] > 1_000) ids.Add(Math.Max(1, ids[^1] - 1 - random.Next(random.Next(2) == 0 ? 200 : 5_000_000)));
        ids.Add(0);

        var packed = PackedIds.Pack(ids);

        Assert.Equal(ids, packed.Unpack());
        Assert.Equal(ids.Count, packed.Count);
        Assert.Empty(PackedIds.Pack([]).Unpack());
        Assert.Equal([7], PackedIds.Pack([7]).Unpack());
    }

    [Fact]
    public void A_common_words_close_ids_pack_into_about_a_byte_each()
    {
        var ids = Enumerable.Range(0, 10_000).Select(i => 1_000_000 - i * 20).ToList();

        Assert.InRange(PackedIds.Pack(ids).Kilobytes, 9, 11);   // 40 KB as ints
        Assert.Equal(3 + 9_999, PackedIds.Pack(ids).ByteCount);   // exactly: the first id in 3 bytes, each gap of 20 in 1
    }

    [Fact]
    public void Retaining_keeps_the_ids_both_lists_hold_newest_first()
    {
        var packed = PackedIds.Pack([900, 450, 300, 299, 12, 0]);
        int[] candidates = [1_000, 900, 451, 300, 13, 12, 0];

        var kept = packed.Retain(candidates);
        Assert.Equal([900, 300, 12, 0], candidates[..kept]);

        int[] again = [1_000, 900, 451, 300, 13, 12, 0];
        Assert.Equal([900, 300, 12, 0], again[..PackedIds.Retain(again, [900, 450, 300, 299, 12, 0])]);
        int[] none = [9, 4, 2];
        Assert.Equal(0, PackedIds.Pack([5, 3]).Retain(none));
        Assert.Equal(0, PackedIds.Pack([]).Retain(none));
    }

    [Theory]
    [InlineData(new[] { 5, 9 })]
    [InlineData(new[] { 5, 5 })]
    [InlineData(new[] { -1 })]
    public void Ids_not_newest_first_are_refused(int[] ids) =>
        Assert.Throws<ArgumentException>(() => PackedIds.Pack([.. ids]));

    [Fact]
    public async Task A_stream_of_distinct_answers_leaves_the_match_lists_cached()
    {
        var services = new ServiceCollection().AddMetrics().AddSingleton<StoreMetrics>().BuildServiceProvider();
        using var cache = new SearchCache(new CatalogVersion(), Options.Create(new SearchOptions { CacheMegabytes = 1, MatchCacheMegabytes = 1 }),
            services.GetRequiredService<StoreMetrics>());
        var key = cache.KeyForMatches("lamp*", "ids");
        await cache.GetOrComputeAsync(key, () => Task.FromResult(PackedIds.Pack([3, 2, 1])), p => p.Kilobytes);

        // Far more answers than the answers' limit holds (1 MB of 10 KB answers), as distinct price floors make them.
        for (var i = 0; i < 500; i++)
        {
            await cache.GetOrComputeAsync($"search\u001f{i}", () => Task.FromResult(new object()), _ => 10);
            if (i % 50 == 0) await Task.Delay(20);   // the cache compacts in the background once over its limit
        }
        var (list, hit) = await cache.GetOrComputeAsync(key, () => Task.FromResult(PackedIds.Pack([9])), p => p.Kilobytes);

        Assert.True(hit);
        Assert.Equal([3, 2, 1], list.Unpack());
        Assert.Equal(1, cache.Computations("matches"));
        Assert.InRange(cache.Computations("search"), 500, 500);
    }
}

/// <summary>Cache sizes a store cannot work with stop it at start, naming the setting, instead of failing every search.</summary>
public sealed class SearchSettingsTests
{
    [Theory]
    [InlineData("Search:MatchCacheMegabytes", "Search:MatchCacheMegabytes must be 0 or more")]
    [InlineData("Search:CacheMegabytes", "Search:CacheMegabytes must be 0 or more")]
    [InlineData("Search:BitmapMegabytes", "Search:BitmapMegabytes must be 0 or more")]
    [InlineData("Search:BitmapPrefixes", "Search:BitmapPrefixes must be 0 or more")]
    public void A_negative_cache_size_refuses_to_start_with_a_clear_message(string key, string message)
    {
        using var store = new WebApp.Tests.Infrastructure.StoreFactory();
        using var bad = store.WithWebHostBuilder(b => b.UseSetting(key, "-1"));

        var refused = Assert.ThrowsAny<Exception>(() => bad.CreateClient());

        Assert.Contains(message, WebApp.Tests.Infrastructure.StartupFailure.Messages(refused) + " | " + string.Join(" | ", store.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
    }
}
