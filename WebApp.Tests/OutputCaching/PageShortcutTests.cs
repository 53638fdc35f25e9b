using System.IO.Compression;
using AngleSharp;
using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>
/// A remembered hit's gzip copy sent before routing (<see cref="PageShortcut"/>): exactly what the cache would send,
/// never after the entry it came from is gone, and never to a request the cache would not share a page with.
/// </summary>
public sealed class PageShortcutTests(PageCacheStore store) : IClassFixture<PageCacheStore>
{
    private long Sent => store.Services.GetRequiredService<PageShortcut>().Sent;

    [Fact]
    public async Task A_browsers_next_visit_to_a_page_it_got_gzipped_from_the_cache_comes_from_the_shortcut_as_the_cache_sent_it()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=94001";
        var browser = store.CreateClient();
        await browser.GetAsync(url);                                    // rendered and stored
        using var fromCache = await browser.SendAsync(Get(url));        // a hit: copy made, address remembered
        var sent = Sent;

        using var fromShortcut = await browser.SendAsync(Get(url));

        Assert.Equal(sent + 1, Sent);
        Assert.Equal(("hit", "hit"), (PageCacheStore.CacheStatus(fromCache), PageCacheStore.CacheStatus(fromShortcut)));
        Assert.Equal(HttpStatusCode.OK, fromShortcut.StatusCode);
        // Same visitor, same token and count: the same bytes, and the same headers but for the timings.
        var (cached, shortcut) = (await fromCache.Content.ReadAsByteArrayAsync(), await fromShortcut.Content.ReadAsByteArrayAsync());
        Assert.Equal(cached, shortcut);
        Assert.Equal(shortcut.Length, fromShortcut.Content.Headers.ContentLength);
        Assert.Equal(Headers(fromCache), Headers(fromShortcut));
        Assert.Contains("__RequestVerificationToken", Encoding.UTF8.GetString(Gunzip(shortcut)), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", fromShortcut.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_visitor_gets_their_own_token_and_cart_count_from_the_shortcut_and_the_form_posts()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?maxPrice=94002&sort=price-asc";
        await RememberAsync(url);
        var shopper = store.CreateClient();
        var sent = Sent;

        // A first visit without a cookie: the shortcut issues the antiforgery cookie with the token, as the fill does.
        using var first = await shopper.SendAsync(Get(url));
        var form = (IHtmlFormElement)(await ParseAtAsync(Gunzip(await first.Content.ReadAsByteArrayAsync()), first.RequestMessage!.RequestUri!))
            .QuerySelector("form[data-cart-form]")!;
        using var added = await shopper.SubmitAsync(form);
        using var after = await shopper.SendAsync(Get(url));
        using var someoneElse = await store.CreateClient().SendAsync(Get(url));

        Assert.Equal(sent + 3, Sent);
        Assert.True(first.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("1", CartCount(Gunzip(await after.Content.ReadAsByteArrayAsync())));
        Assert.Equal("0", CartCount(Gunzip(await someoneElse.Content.ReadAsByteArrayAsync())));
        Assert.True(after.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task Editing_a_product_ends_the_shortcut_of_every_page_the_cache_evicts()
    {
        var client = store.CreateClient();
        var (_, leaf) = await PageCacheStore.ListingsAsync(client);
        var listing = leaf + "?sort=newest&maxPrice=94003";
        var productUrl = (await client.GetDocumentAsync(listing)).QuerySelector(".product-card a")!.GetAttribute("href")!;
        var id = int.Parse(productUrl.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        foreach (var url in new[] { listing, productUrl }) await RememberAsync(url);

        await store.SetProductAsync(id, stock: 50, priceCents: 123_459);

        var sent = Sent;
        foreach (var url in new[] { listing, productUrl })
        {
            using var fresh = await store.CreateClient().SendAsync(Get(url));
            Assert.Equal("miss", PageCacheStore.CacheStatus(fresh));
            // A render the cache stores goes out as its stored copy, gzipped for a client that asks.
            Assert.Equal("gzip", Assert.Single(fresh.Content.Headers.ContentEncoding));
            Assert.Contains(Money.Format(123_459), Encoding.UTF8.GetString(Gunzip(await fresh.Content.ReadAsByteArrayAsync())), StringComparison.Ordinal);
        }
        Assert.Equal(sent, Sent);
    }

    [Fact]
    public async Task Sign_in_and_flash_cookies_an_Authorization_header_and_HEAD_never_take_the_shortcut()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=94004";
        await RememberAsync(url);
        var sent = Sent;

        using var forgedSignIn = await store.CreateClient().SendAsync(Get(url, cookie: ".WebApp.Auth=forged-value"));
        using var flash = await store.CreateClient().SendAsync(Get(url, cookie: ".WebApp.TempData=CfDJ8forged"));
        var bearer = Get(url);
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "forged");
        using var withBearer = await store.CreateClient().SendAsync(bearer);
        using var head = await store.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, url) { Headers = { { "Accept-Encoding", "gzip" } } });

        Assert.Equal(sent, Sent);
        Assert.Null(PageCacheStore.CacheStatus(forgedSignIn));
        Assert.Null(PageCacheStore.CacheStatus(flash));
        var signedIn = await store.SignedInClientAsync(StoreFactory.NewEmail("shortcut"));
        using var theirs = await signedIn.SendAsync(Get(url));
        Assert.Null(PageCacheStore.CacheStatus(theirs));
        Assert.Equal(sent, Sent);
    }

    [Fact]
    public async Task A_client_without_gzip_gets_the_copy_unpacked_from_the_shortcut_the_bytes_the_cache_path_sends_it()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=94008&sort=newest";
        // A script that never asks for gzip: its second request is a hit, which remembers the address.
        var script = store.CreateClient();
        await script.GetAsync(url);
        using var fromCache = await script.GetAsync(url);
        var sent = Sent;

        using var fromShortcut = await script.GetAsync(url);
        using var gzipped = await script.SendAsync(Get(url));

        Assert.Equal(sent + 2, Sent);
        Assert.Equal(("hit", "hit"), (PageCacheStore.CacheStatus(fromCache), PageCacheStore.CacheStatus(fromShortcut)));
        Assert.Empty(fromShortcut.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", fromShortcut.Headers.Vary);
        var (cached, shortcut) = (await fromCache.Content.ReadAsByteArrayAsync(), await fromShortcut.Content.ReadAsByteArrayAsync());
        Assert.Equal(cached, shortcut);
        Assert.Equal(shortcut.Length, fromShortcut.Content.Headers.ContentLength);
        Assert.Equal(Headers(fromCache), Headers(fromShortcut));
        // The same visitor asking with gzip is sent the same page compressed.
        Assert.Equal(shortcut, Gunzip(await gzipped.Content.ReadAsByteArrayAsync()));
        Assert.Contains("__RequestVerificationToken", Encoding.UTF8.GetString(shortcut), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conditional_GET_an_encoded_question_mark_and_a_long_address_go_through_the_pipeline()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?sort=price-asc&maxPrice=94007";
        await RememberAsync(url);
        var sent = Sent;

        // The cache answers conditional requests itself (it may say 304).
        var conditional = Get(url);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", "*");
        using var revalidated = await store.CreateClient().SendAsync(conditional);
        // "%3F" in the path is part of the path once decoded, not a query string: no such page, whatever the shortcut knows.
        using var encoded = await store.CreateClient().SendAsync(Get(department + "%3Fsort=price-asc&maxPrice=94007"));
        // A long made-up parameter shares the page in the cache but is not remembered: it would only take room.
        var padded = url + "&utm_term=" + new string('x', PageShortcut.MostAddressLength);
        for (var i = 0; i < 3; i++) Assert.Equal("hit", PageCacheStore.CacheStatus(await store.CreateClient().SendAsync(Get(padded))));

        Assert.Equal(sent, Sent);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, encoded.StatusCode);
    }

    [Fact]
    public async Task A_search_page_the_cache_served_takes_the_shortcut_too()
    {
        var url = "/search?q=lamp&maxPrice=94005";
        await store.CreateClient().GetAsync(url);                       // rendered, not stored (asked once)
        await RememberAsync(url);                                       // stored, served from the cache, then the shortcut
        var sent = Sent;

        using var again = await store.CreateClient().SendAsync(Get(url));

        Assert.Equal("hit", PageCacheStore.CacheStatus(again));
        Assert.Equal(sent + 1, Sent);
    }

    [Fact]
    public async Task An_address_is_remembered_as_it_was_asked_so_another_sort_or_a_made_up_parameter_goes_through_the_cache()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=94006";
        await RememberAsync(url);
        var sent = Sent;

        using var tagged = await store.CreateClient().SendAsync(Get(url + "&utm_source=newsletter"));
        using var taggedAgain = await store.CreateClient().SendAsync(Get(url + "&utm_source=newsletter"));
        using var other = await store.CreateClient().SendAsync(Get(url + "&sort=price-desc"));

        // The tagged address shares the cache's copy (a hit) and is then remembered under its own spelling.
        Assert.Equal(("hit", "hit"), (PageCacheStore.CacheStatus(tagged), PageCacheStore.CacheStatus(taggedAgain)));
        Assert.Equal(sent + 1, Sent);
        Assert.Equal("miss", PageCacheStore.CacheStatus(other));
    }

    // Stored, then served from the cache gzipped once: the next gzip request for it takes the shortcut (checked).
    private async Task RememberAsync(string url)
    {
        // Twice: a product page is stored from its second request.
        await store.CreateClient().GetAsync(url);
        await store.CreateClient().GetAsync(url);
        using var hit = await store.CreateClient().SendAsync(Get(url));
        Assert.Equal("hit", PageCacheStore.CacheStatus(hit));
        Assert.Equal("gzip", Assert.Single(hit.Content.Headers.ContentEncoding));
        var sent = Sent;
        using var shortcut = await store.CreateClient().SendAsync(Get(url));
        Assert.Equal(sent + 1, Sent);
    }

    private static HttpRequestMessage Get(string url, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Accept-Encoding", "gzip, deflate, br");
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return request;
    }

    // Every header but the ones that differ between two responses by nature (when, and how long it took).
    private static List<string> Headers(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Date" or "Server-Timing" or "Age"))
            .Select(h => $"{h.Key}: {string.Join(", ", h.Value)}")
            .Order(StringComparer.Ordinal)];

    private static string CartCount(byte[] html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(Encoding.UTF8.GetString(html)).QuerySelector("[data-testid=cart-link] [data-cart-count]")!.TextContent;

    private static async Task<IHtmlDocument> ParseAtAsync(byte[] html, Uri address) =>
        (IHtmlDocument)await BrowsingContext.New().OpenAsync(r => r.Content(Encoding.UTF8.GetString(html)).Address(address));

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var page = new MemoryStream();
        gzip.CopyTo(page);
        return page.ToArray();
    }
}

/// <summary>A store whose search budget is six a window per address, with the page cache on.</summary>
public sealed class SearchBudgetStore : StoreFactory
{
    protected override int SeedProducts => 120;

    public const int Budget = 6;

    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Search:PermitLimit", Budget.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:Search:Window", "01:00:00");
        builder.UseSetting("RateLimiting:PageRenders:PermitLimit", "1000");
    }
}

/// <summary>Search pages sent by the shortcut spend the same per-address budget the rate limiter does.</summary>
public sealed class SearchShortcutBudgetTests(SearchBudgetStore store) : IClassFixture<SearchBudgetStore>
{
    [Fact]
    public async Task Pages_sent_before_routing_and_the_api_share_one_budget_and_the_next_page_past_it_is_refused()
    {
        var shortcut = store.Services.GetRequiredService<PageShortcut>();
        var url = "/search?q=lamp&maxPrice=94010";
        HttpRequestMessage Get() => new(HttpMethod.Get, url) { Headers = { { "Accept-Encoding", "gzip" } } };

        // 1 rendered, 2 rendered and stored, 3 served by the cache (copy made, address remembered): the limiter counts them.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().SendAsync(Get())).StatusCode);
        var sent = shortcut.Sent;
        // 4 and 5 from the shortcut, before the limiter: counted there.
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().SendAsync(Get())).StatusCode);
        Assert.Equal(sent + 2, shortcut.Sent);
        // 6: the API's product search, through the limiter, from the same budget.
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/api/v1/products?q=lam")).StatusCode);

        // 7: the page is still remembered, but the budget is spent: refused, with the limiter's answer, not sent from the shortcut.
        using var refused = await store.CreateClient().SendAsync(Get());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(sent + 2, shortcut.Sent);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await store.CreateClient().GetAsync("/api/v1/products?q=lamp")).StatusCode);
        // Suggestions have a budget of their own (RateLimiting:Suggest): the box still answers.
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/search/suggest?q=lam")).StatusCode);
    }
}
