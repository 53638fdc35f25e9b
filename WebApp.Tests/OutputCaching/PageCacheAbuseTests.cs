using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>What a script can do to the page cache: copies only for the addresses the store links to, nothing it appends stored, renders limited.</summary>
public sealed class PageCacheAbuseTests(PageCacheStore store) : IClassFixture<PageCacheStore>
{
    private static string? CacheStatus(HttpResponseMessage response) => PageCacheStore.CacheStatus(response);

    [Fact]
    public async Task Made_up_spellings_of_a_listing_are_shown_but_never_stored()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var product = (await store.CreateClient().GetDocumentAsync(department)).QuerySelector(".product-card a")!.GetAttribute("href")!;
        // An unknown sort, a zero-padded number.
        foreach (var url in new[] { department + "?maxPrice=93001&sort=bogus", department + "?maxPrice=93001&page=01",
                     department + "?maxPrice=093001" })
        {
            using var first = await store.CreateClient().GetAsync(url);
            using var again = await store.CreateClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.True((CacheStatus(first), CacheStatus(again)) == ("miss", "miss"), url);
        }
        // Other letter case: redirected to the page's own address, never rendered.
        using (var upper = await store.CreateBrowserlessClient().GetAsync(department.ToUpperInvariant() + "?maxPrice=93002"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, upper.StatusCode);
            Assert.Null(CacheStatus(upper));
        }

        // The page's own address is stored, and serves what only adds parameters the page does not read.
        using var canonical = await store.CreateClient().GetAsync(department + "?maxPrice=93001");
        using var tagged = await store.CreateClient().GetAsync(department + "?maxPrice=93001&utm_source=mail&q=anything");
        Assert.Equal(("miss", "hit"), (CacheStatus(canonical), CacheStatus(tagged)));
        // A product page reads no price filter: one copy, whatever is appended (stored from its second request).
        await store.CreateClient().GetAsync(product);
        using var productPage = await store.CreateClient().GetAsync(product);
        using var filtered = await store.CreateClient().GetAsync(product + "?minPrice=5&brand=x");
        Assert.Equal("hit", CacheStatus(filtered));
    }

    [Fact]
    public async Task The_port_in_the_Host_header_makes_no_copy_of_its_own()
    {
        // Found by an outside review: the key held the host with its port, so each port a client named stored every
        // page again. Now one copy, and the shortcut (which keys its addresses the same way) sends it to every port.
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=93021";
        var sent = store.Services.GetRequiredService<PageShortcut>().Sent;
        var statuses = new List<string?>();
        foreach (var host in new[] { "localhost", "localhost:1111", "localhost:2222", "localhost:3333" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = host;
            using var response = await store.CreateClient().SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            statuses.Add(CacheStatus(response));
        }

        Assert.Equal(["miss", "hit", "hit", "hit"], statuses);
        Assert.Equal(sent + 2, store.Services.GetRequiredService<PageShortcut>().Sent);
    }

    [Fact]
    public async Task A_forged_antiforgery_cookie_gets_a_fresh_one_and_writes_no_error_to_the_log()
    {
        // Each made-up cookie made ASP.NET's antiforgery log an Error with a stack trace: anyone could fill the log
        // (found by an outside review). The store's own security event for a refused post stays.
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var cookie = store.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>>().Value.Cookie.Name!;
        var errorsBefore = store.Logs.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

        for (var i = 0; i < 3; i++)
        {
            using var response = await store.CreateClient().GetWithCookieAsync(department + "?maxPrice=93031", $"{cookie}=forged{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(cookie + "=", StringComparison.Ordinal));
        }

        Assert.Equal(errorsBefore, store.Logs.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error));
    }

    [Fact]
    public async Task A_default_spelled_out_shares_the_listings_own_copy()
    {
        var (department, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        // The sort form sends "Top rated" as sort=rating; a script may send page=1. Both render the address without them.
        using var sorted = await store.CreateClient().GetAsync(department + "?maxPrice=93011&sort=rating");
        using var plain = await store.CreateClient().GetAsync(department + "?maxPrice=93011");
        using var first = await store.CreateClient().GetAsync(department + "?page=1&sort=rating&maxPrice=93011");
        Assert.Equal(("miss", "hit", "hit"), (CacheStatus(sorted), CacheStatus(plain), CacheStatus(first)));
        var expected = (await Html.GetDocumentAsync(plain)).QuerySelectorAll(".product-card-name").Select(h => h.TextContent).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, (await Html.GetDocumentAsync(sorted)).QuerySelectorAll(".product-card-name").Select(h => h.TextContent));

        // Another sort is another copy, and a search's default (best match, with words) is its own.
        using var cheapest = await store.CreateClient().GetAsync(leaf + "?maxPrice=93011&sort=price-asc");
        Assert.Equal("miss", CacheStatus(cheapest));
        using var relevance = await store.CreateClient().GetAsync(leaf + "?maxPrice=93011&sort=relevance");
        Assert.Equal("miss", CacheStatus(relevance));
        var word = expected[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => new string([.. w.Where(char.IsLetter)]))
            .First(w => w.Length >= 4).ToLowerInvariant();
        // A search is stored from its second request on.
        using var search = await store.CreateClient().GetAsync($"/search?q={word}&sort=relevance");
        using var again = await store.CreateClient().GetAsync($"/search?q={word}&sort=relevance");
        using var canonical = await store.CreateClient().GetAsync($"/search?q={word}");
        Assert.Equal(("miss", "miss", "hit"), (CacheStatus(search), CacheStatus(again), CacheStatus(canonical)));
    }

    [Fact]
    public async Task What_one_visitor_appends_to_a_url_never_reaches_the_next_visitors_forms()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?maxPrice=93003&sort=price-asc";
        using var poisoner = await store.CreateClient().GetAsync(url + "&utm_source=attacker&gclid=ATTACKER123&q=" + new string('x', 3000));
        Assert.Equal("miss", CacheStatus(poisoner));

        using var victim = await store.CreateClient().GetAsync(url);

        Assert.Equal("hit", CacheStatus(victim));
        var page = await Html.GetDocumentAsync(victim);
        var returnUrls = page.QuerySelectorAll("input[name=ReturnUrl]").Select(i => i.GetAttribute("value")).ToList();
        Assert.NotEmpty(returnUrls);
        Assert.All(returnUrls, r => Assert.Equal(url, r));
        Assert.DoesNotContain("ATTACKER", page.Source.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxxxxxxxx", page.Source.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_typed_like_a_placeholder_is_shown_as_typed_not_filled_with_a_token()
    {
        // The placeholders are drawn at random when the store starts; a visitor cannot type them.
        Assert.DoesNotContain("Qx7Vd2", CatalogPageCache.TokenPlaceholder, StringComparison.Ordinal);
        var typed = "lamp PageCacheAntiforgeryTokenQx7Vd2";
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(typed));
        Assert.Equal(typed, page.QuerySelector("#site-search-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Renders_of_uncached_pages_are_limited_per_address_and_cached_pages_are_not()
    {
        await using var limited = new RenderLimitedStore();
        var (department, _) = await PageCacheStore.ListingsAsync(limited.CreateClient());
        var client = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 12; i++)
        {
            using var response = await client.GetAsync($"{department}?maxPrice={94000 + i}");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        // A page already stored is still served to the same address.
        using var cached = await client.GetAsync($"{department}?maxPrice=94001");
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal("hit", CacheStatus(cached));
    }

    [Fact]
    public async Task Once_the_store_is_nearly_full_a_flood_of_listings_asked_once_each_pushes_nothing_out()
    {
        // Found by an outside review: 26,880 distinct listings the store links to (brands, bands, sorts), asked once
        // each, pushed out home and the departments' pages. A full store now keeps only what is asked for twice.
        using var small = new SmallCacheStore();
        var client = small.CreateClient();
        var (department, _) = await PageCacheStore.ListingsAsync(client);
        var pageStore = (PageStore)small.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>();
        using (var first = await client.GetAsync(department + "?maxPrice=95000")) Assert.Equal("miss", CacheStatus(first));
        using (var stored = await client.GetAsync(department + "?maxPrice=95000")) Assert.Equal("hit", CacheStatus(stored));

        // Filled while there is room: each listing stored at its first request.
        var price = 95001;
        for (; !pageStore.IsNearlyFull && price < 96000; price++)
        {
            using var filler = await client.GetAsync($"{department}?maxPrice={price}");
            using var again = await client.GetAsync($"{department}?maxPrice={price}");
            Assert.Equal("hit", CacheStatus(again));
        }
        Assert.True(pageStore.IsNearlyFull, "a 1 MiB store holds fewer than a thousand listings");

        // The flood: 300 more, once each. None stored, so nothing is pushed out.
        for (var i = 0; i < 300; i++) (await client.GetAsync($"{department}?maxPrice={price + i}")).Dispose();
        using (var kept = await client.GetAsync(department + "?maxPrice=95000")) Assert.Equal("hit", CacheStatus(kept));

        // A listing asked for again is still stored: the second request renders it and stores it, the third is a hit.
        var statuses = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync($"{department}?maxPrice={price + 1000}");
            statuses.Add(CacheStatus(response));
        }
        Assert.Equal(["miss", "miss", "hit"], statuses);
    }

    private sealed class SmallCacheStore : StoreFactory
    {
        protected override int SeedProducts => 60;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("PageCache:SizeLimitMiB", "1");
        }
    }

    private sealed class RenderLimitedStore : StoreFactory
    {
        protected override int SeedProducts => 40;

        protected override bool RateLimited => true;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimiting:PageRenders:PermitLimit", "8");
        }
    }
}
