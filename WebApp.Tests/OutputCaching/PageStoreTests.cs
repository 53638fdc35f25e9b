using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebApp.Catalog;

namespace WebApp.Tests.OutputCaching;

/// <summary>
/// The output cache's store: pages kept once, as their gzip copies, and given back exactly as the cache stored them;
/// tags, replacement and eviction as the framework's own store has them.
/// </summary>
public sealed class PageStoreTests(PageCacheStore site) : IClassFixture<PageCacheStore>
{
    private const int TokenLength = 114;

    private sealed class Requests : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; }
    }

    private static PageStore Store(Requests requests, int plainSizeLimitMiB = 8) =>
        new(Options.Create(new CatalogPageCacheOptions { PlainSizeLimitMiB = plainSizeLimitMiB }), requests);

    // A listing as a shared render writes it: the header's cart count and sign-out form, tiles, a filter form.
    private static byte[] Page(string marker) => Encoding.UTF8.GetBytes(
        $"<!DOCTYPE html><header><span>{CatalogPageCache.CartCountPlaceholder}</span><form><input value=\"{CatalogPageCache.TokenPlaceholder}\"></form></header><main><h1>{marker}</h1>"
        + string.Concat(Enumerable.Range(0, 200).Select(i => $"<li class=\"product-card\"><a href=\"/products/{i}/{marker}\">{marker} {i}</a> ${i * 7 % 100}.99</li>\n"))
        + $"<form><input value=\"{CatalogPageCache.TokenPlaceholder}\"></form></main>");

    // An output cache entry in the framework's format (revision 2): revision, ticks, offset, status, headers, body.
    private static byte[] Entry(byte[] body, int revision = 2)
    {
        var entry = new List<byte>();
        void Number(ulong n)
        {
            for (; n >= 0x80; n >>= 7) entry.Add((byte)(n | 0x80));
            entry.Add((byte)n);
        }
        void Text(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            Number((ulong)bytes.Length << 1);
            entry.AddRange(bytes);
        }
        Number((ulong)revision);
        Number((ulong)DateTimeOffset.UnixEpoch.AddYears(56).Ticks);
        Number(0);
        Number(200);
        Number(2);
        Text("Content-Type");
        Number(1);
        Text("text/html; charset=utf-8");
        Number((29 << 1) | 1);   // a common header's index (Content-Type's), as the framework writes known names
        Number(0);   // no values
        Number((ulong)body.Length);
        entry.AddRange(body);
        return [.. entry];
    }

    // A request in the middle of a shared render, as the fill makes it.
    private static HttpContext Rendering(Requests requests)
    {
        var context = new DefaultHttpContext();
        CatalogPageCache.BeginSharedRender(context);
        requests.HttpContext = context;
        return context;
    }

    // What the fill does once the render is done: the render's entry stored for a token of this length.
    private static PageStore.Page? Finish(PageStore store, HttpContext context)
    {
        CatalogPageCache.EndSharedRender(context);
        return store.CompletePending(context, TokenLength);
    }

    // A shared render the cache stores, from start to the fill's end: what most tests here need of a page.
    private static async Task<PageStore.Page?> RenderAsync(PageStore store, Requests requests, string key, byte[] entry, params string[] tags)
    {
        var context = Rendering(requests);
        await store.SetAsync(key, entry, tags, TimeSpan.FromMinutes(1), default);
        return Finish(store, context);
    }

    [Fact]
    public async Task A_rendered_page_is_kept_as_its_gzip_copy_and_comes_back_byte_for_byte_with_its_placeholders()
    {
        var requests = new Requests();
        using var store = Store(requests);
        var entry = Entry(Page("lamps"));
        var context = Rendering(requests);

        await store.SetAsync("/lamps", entry, ["catalog"], TimeSpan.FromMinutes(1), default);
        // Until the fill has stored it, nobody is served it.
        Assert.Null(await store.GetAsync("/lamps", default));
        var page = Finish(store, context);

        Assert.NotNull(page);
        Assert.Equal((1, 0), store.Count());
        Assert.Equal(entry, await store.GetAsync("/lamps", default));
        Assert.Equal(entry, await store.GetAsync("/lamps", default));
        // The copy is what browsers are sent, and all that is kept of the body: a fraction of it.
        Assert.Equal(TokenLength, page!.Copy.TokenLength);
        Assert.True(page.Copy.Size * 5 < entry.Length, $"{page.Copy.Size} bytes kept for {entry.Length}");
        // The request's page is noted for the fill and the shortcut.
        Assert.Same(page, PageStore.NotedFor(context)?.Entry);
    }

    [Fact]
    public async Task Entries_it_cannot_read_as_a_page_are_kept_whole_and_still_come_back_exactly()
    {
        var requests = new Requests();
        using var store = Store(requests);
        byte[][] entries =
        [
            Entry(Page("another revision"), revision: 3),
            Entry(Encoding.UTF8.GetBytes("<p>a NUL \0 in the page</p>")),
            [.. Entry(Page("a body longer than its length says")), (byte)'x'],
            [2, 0x80],   // cut short
        ];
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.Null(await RenderAsync(store, requests, $"/{i}", entries[i], "catalog"));
        }
        // And an entry stored outside a shared render (nothing will complete it) is kept at once.
        requests.HttpContext = null;
        await store.SetAsync("/outside", Entry(Page("outside")), ["catalog"], TimeSpan.FromMinutes(1), default);

        Assert.Equal((0, entries.Length + 1), store.Count());
        for (var i = 0; i < entries.Length; i++) Assert.Equal(entries[i], await store.GetAsync($"/{i}", default));
        Assert.Equal(Entry(Page("outside")), await store.GetAsync("/outside", default));
    }

    [Fact]
    public async Task A_replaced_or_evicted_page_is_never_served_and_a_replaced_one_does_not_untag_its_successor()
    {
        var requests = new Requests();
        using var store = Store(requests);
        Task Render(string key, string marker, params string[] tags) => RenderAsync(store, requests, key, Entry(Page(marker)), tags);

        await Render("/lamps", "old price", "category:1", "catalog");
        await Render("/lamps", "new price", "category:1", "catalog");
        Assert.Equal(Entry(Page("new price")), await store.GetAsync("/lamps", default));
        // The replaced entry's eviction callback runs on the thread pool; let it run before the eviction.
        await Task.Delay(200);

        await store.EvictByTagAsync("category:1", default);
        Assert.Null(await store.GetAsync("/lamps", default));
    }

    [Fact]
    public async Task A_render_finished_after_a_catalogue_change_is_not_stored()
    {
        var requests = new Requests();
        using var store = Store(requests);
        var context = Rendering(requests);
        await store.SetAsync("/lamps", Entry(Page("price before the edit")), ["category:1"], TimeSpan.FromMinutes(1), default);

        // The change commits while the page is being filled: what it shows may be what the change replaced.
        await store.EvictByTagAsync("category:2", default);

        Assert.Null(Finish(store, context));
        Assert.Null(await store.GetAsync("/lamps", default));
        Assert.Null(PageStore.NotedFor(context));
    }

    [Fact]
    public async Task The_shortcut_sees_whether_the_store_still_holds_the_very_entry_it_remembered()
    {
        var requests = new Requests();
        using var store = Store(requests);
        var page = (await RenderAsync(store, requests, "/lamps", Entry(Page("lamps")), "category:1"))!;

        Assert.True(store.Holds("/lamps", page));
        var newer = (await RenderAsync(store, requests, "/lamps", Entry(Page("lamps")), "category:1"))!;
        Assert.False(store.Holds("/lamps", page));
        Assert.True(store.Holds("/lamps", newer));
        await store.EvictByTagAsync("category:1", default);
        Assert.False(store.Holds("/lamps", newer));
    }

    [Fact]
    public async Task Plain_copies_are_made_once_per_page_and_only_while_their_memory_has_room()
    {
        var random = new Random(9);
        byte[] Body() => Encoding.ASCII.GetBytes("<!DOCTYPE html>" + new string([.. Enumerable.Range(0, 100_000).Select(_ => (char)random.Next('a', 'z' + 1))]));
        var requests = new Requests();
        using var store = Store(requests, plainSizeLimitMiB: 1);
        var copies = new List<GzipPage>();
        for (var i = 0; i < 20; i++)
        {
            copies.Add((await RenderAsync(store, requests, $"/{i}", Entry(Body()), "catalog"))!.Copy);
        }

        var plain = copies.Select(store.PlainOf).ToList();

        // 100 KB pages: ten fit in 1 MiB, and the rest go the inflating way rather than push one out.
        Assert.Equal(10, plain.Count(p => p is not null));
        Assert.All(plain.Skip(10), Assert.Null);
        Assert.Same(plain[0], store.PlainOf(copies[0]));

        // An evicted page's plain copy gives its room back (once the eviction callbacks, run on the thread pool, ran).
        await store.EvictByTagAsync("catalog", default);
        var fresh = (await RenderAsync(store, requests, "/new", Entry(Body()), "catalog"))!.Copy;
        for (var i = 0; i < 100 && store.PlainOf(fresh) is null; i++) await Task.Delay(50);
        Assert.NotNull(store.PlainOf(fresh));

        // A store with no room makes none: asked of a page of its own, since a plain copy lives on its page, and the first
        // store's pages keep theirs until their eviction callbacks run (asked of copies[0], once in CI it was still there).
        var noRoom = new Requests();
        using var none = Store(noRoom, plainSizeLimitMiB: 0);
        var own = (await RenderAsync(none, noRoom, "/none", Entry(Body()), "catalog"))!.Copy;
        Assert.Null(none.PlainOf(own));
    }

    [Fact]
    public async Task The_size_limit_counts_each_entry_s_key_and_objects_not_only_its_bytes()
    {
        // 1 MiB of entries whose bytes are a few dozen each but whose keys are 4,000 characters: counted by bytes alone
        // all 600 fit; counted as the memory they take (8 KB of key, the cache's objects), at most ~125 do.
        using var store = new PageStore(Options.Create(new CatalogPageCacheOptions { SizeLimitMiB = 1 }), new Requests());
        var tags = new[] { "catalog" };
        for (var i = 0; i < 600; i++)
        {
            await store.SetAsync($"/{i}/" + new string('k', 4000), Encoding.UTF8.GetBytes($"entry {i}"), tags, TimeSpan.FromMinutes(5), default);
        }
        var perEntry = PageStore.Overhead("/000/" + new string('k', 4000), tags);
        Assert.InRange(perEntry, 8000 + 384, 8000 + 1024);

        // Entries turned away or compacted leave the tag index from their eviction callbacks, run on the thread pool.
        var most = 1024 * 1024 / perEntry;
        var (pages, whole) = store.Count();
        for (var i = 0; i < 100 && whole > most; i++)
        {
            await Task.Delay(50);
            (pages, whole) = store.Count();
        }
        Assert.Equal(0, pages);
        Assert.InRange(whole, 1, most);
    }

    [Fact]
    public async Task Pages_the_site_stores_are_kept_as_gzip_copies_none_whole()
    {
        // Reads the framework's entry format: a new revision would silently keep every page whole (twice the memory,
        // no shortcut), so this says so first.
        var client = site.CreateClient();
        var (department, leaf) = await PageCacheStore.ListingsAsync(client);
        foreach (var url in new[] { "/", department, leaf, department + "?sort=price-asc" }) (await client.GetAsync(url)).EnsureSuccessStatusCode();

        var (pages, whole) = site.Services.GetRequiredService<PageStore>().Count();

        Assert.True(pages >= 4, $"{pages} pages kept as copies");
        Assert.Equal(0, whole);
    }
}
