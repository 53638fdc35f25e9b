using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using WebApp.Catalog;

namespace WebApp.Tests.OutputCaching;

/// <summary>The compressed page store, over a store that keeps what it is given.</summary>
public sealed class CompressedPageStoreTests
{
    private sealed class TaggedStore : IOutputCacheStore
    {
        private readonly ConcurrentDictionary<string, (byte[] Value, string[] Tags)> _entries = new();

        public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            foreach (var (key, entry) in _entries) if (entry.Tags.Contains(tag)) _entries.TryRemove(key, out _);
            return ValueTask.CompletedTask;
        }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            ValueTask.FromResult(_entries.TryGetValue(key, out var entry) ? entry.Value : null);

        public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            _entries[key] = (value, tags ?? []);
            return ValueTask.CompletedTask;
        }

        public int StoredBytes => _entries.Values.Sum(e => e.Value.Length);
    }

    private static byte[] Page(string marker) =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"<li class=\"product-card\">{marker}</li>\n", 500)));

    [Fact]
    public async Task Pages_come_back_exactly_as_stored_in_a_fraction_of_the_memory()
    {
        var inner = new TaggedStore();
        var store = new CompressedPageStore(inner);
        var page = Page("lamp");

        await store.SetAsync("/lamps", page, ["catalog"], TimeSpan.FromMinutes(1), default);

        Assert.Equal(page, await store.GetAsync("/lamps", default));
        Assert.Equal(page, await store.GetAsync("/lamps", default));
        Assert.True(inner.StoredBytes < page.Length / 5, $"{inner.StoredBytes} bytes stored for {page.Length}");
    }

    [Fact]
    public async Task A_replaced_or_evicted_page_is_never_served()
    {
        var inner = new TaggedStore();
        var store = new CompressedPageStore(inner);
        await store.SetAsync("/lamps", Page("old price"), ["category:1"], TimeSpan.FromMinutes(1), default);
        Assert.Equal(Page("old price"), await store.GetAsync("/lamps", default));

        // Replaced (a new render after an edit): the new page.
        await store.SetAsync("/lamps", Page("new price"), ["category:1"], TimeSpan.FromMinutes(1), default);
        Assert.Equal(Page("new price"), await store.GetAsync("/lamps", default));

        // Evicted: nothing.
        await store.EvictByTagAsync("category:1", default);
        Assert.Null(await store.GetAsync("/lamps", default));
    }

    [Fact]
    public async Task A_damaged_entry_is_a_miss_not_an_error()
    {
        var inner = new TaggedStore();
        var store = new CompressedPageStore(inner);
        await inner.SetAsync("/lamps", [0x10, 0x27, 0, 0, 0xFF, 0xFE, 0xFD, 0x01], null, TimeSpan.FromMinutes(1), default);

        Assert.Null(await store.GetAsync("/lamps", default));
    }
}
