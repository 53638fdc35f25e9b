using System.IO.Compression;
using AngleSharp;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>Cached pages sent gzipped to browsers: the same page once unpacked, each visitor's own token, never compressed.</summary>
public sealed class GzipPageTests(PageCacheStore store) : IClassFixture<PageCacheStore>
{
    [Fact]
    public async Task A_browser_gets_a_cached_page_gzipped_and_it_unpacks_to_exactly_the_page_it_would_get_plain()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var client = store.CreateClient();
        var url = department + "?maxPrice=93101";
        using var first = await client.GetAsync(url);   // rendered and stored; the visitor's antiforgery cookie is set
        using var plain = await client.GetAsync(url);   // a hit, sent plain

        using var gzipped = await client.SendAsync(Get(url, "gzip, deflate, br, zstd"));

        Assert.Equal(("miss", "hit", "hit"), (PageCacheStore.CacheStatus(first), PageCacheStore.CacheStatus(plain), PageCacheStore.CacheStatus(gzipped)));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        Assert.Contains("Accept-Encoding", gzipped.Headers.Vary);
        var compressed = await gzipped.Content.ReadAsByteArrayAsync();
        Assert.Equal(compressed.Length, gzipped.Content.Headers.ContentLength);
        var page = await plain.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length * 4 < page.Length, $"{compressed.Length} bytes gzipped of {page.Length}");
        // The same visitor, so the same token and cart count: byte for byte the same page (GZipStream checks the CRC too).
        Assert.Equal(Encoding.UTF8.GetString(page), Encoding.UTF8.GetString(Gunzip(compressed)));
        Assert.Contains("name=\"__RequestVerificationToken\"", Encoding.UTF8.GetString(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_visitor_gets_their_own_token_stored_uncompressed_in_a_body_of_the_same_length()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?maxPrice=93102&sort=price-asc";
        await store.CreateClient().GetAsync(url);

        var bodies = new List<(byte[] Compressed, string Token)>();
        foreach (var visitor in new[] { store.CreateClient(), store.CreateClient() })
        {
            using var response = await visitor.SendAsync(Get(url, "gzip"));
            Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
            var compressed = await response.Content.ReadAsByteArrayAsync();
            var page = Parse(Gunzip(compressed));
            var tokens = page.QuerySelectorAll("input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")!).Distinct().ToList();
            bodies.Add((compressed, Assert.Single(tokens)));
        }

        Assert.NotEqual(bodies[0].Token, bodies[1].Token);
        // BREACH needs a secret's compressed length to depend on the text around it: here the token is never compressed
        // (it is in the body as it is) and the two bodies, different tokens and all, have one length.
        Assert.Equal(bodies[0].Compressed.Length, bodies[1].Compressed.Length);
        foreach (var (compressed, token) in bodies) Assert.True(compressed.AsSpan().IndexOf(Encoding.ASCII.GetBytes(token)) >= 0);
        // And the form posts: the gzipped page's token is one antiforgery accepts.
        var shopper = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var gz = await shopper.SendAsync(Get(url, "gzip"));
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await ParseAtAsync(Gunzip(await gz.Content.ReadAsByteArrayAsync()), gz.RequestMessage!.RequestUri!))
            .QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("handler=Add", StringComparison.OrdinalIgnoreCase));
        using var added = await shopper.SendAsync(Html.FormRequest(form, new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }

    [Theory]
    [InlineData("br", false)]
    [InlineData("gzip;q=0, br", false)]
    [InlineData("identity", false)]
    [InlineData("*", true)]
    [InlineData("*;q=0.5, gzip;q=0", false)]
    [InlineData("GZIP;q=0.1", true)]
    [InlineData("deflate, gzip;q=1.0, *;q=0.5", true)]
    [InlineData("gzip;q=bogus", false)]
    public void Gzip_is_sent_only_where_the_request_accepts_it(string acceptEncoding, bool gzip)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptEncoding = acceptEncoding;
        Assert.Equal(gzip, CatalogPageFill.AcceptsGzip(context.Request));
    }

    [Fact]
    public async Task A_client_that_does_not_ask_for_gzip_gets_the_page_plain()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=93103";
        var client = store.CreateClient();
        await client.GetAsync(url);
        using var brotliOnly = await client.SendAsync(Get(url, "br"));
        using var refused = await client.SendAsync(Get(url, "gzip;q=0"));

        Assert.Equal(("hit", "hit"), (PageCacheStore.CacheStatus(brotliOnly), PageCacheStore.CacheStatus(refused)));
        Assert.Empty(brotliOnly.Content.Headers.ContentEncoding);
        Assert.Empty(refused.Content.Headers.ContentEncoding);
        Assert.StartsWith("<!DOCTYPE html>", await refused.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    // Synthetic pages: values of every length a hole can take, text repeated across holes (so later text points back
    // over them), holes at the start, the end and side by side.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Filled_holes_unpack_to_the_page_filled_the_same_way(int seed)
    {
        var random = new Random(seed);
        const string Placeholder = "HOLExTOKEN";
        const string CountPlaceholder = "HOLExCOUNT";
        var words = new[] { "<li class=\"product-card\">", "Add to cart", "<span class=\"price\">$", "</li>\n", "lamp", "TOKEN", "HOLE", "x" };
        var text = new StringBuilder();
        if (seed % 2 == 0) text.Append(Placeholder);
        for (var i = 0; i < 3000; i++)
        {
            text.Append(words[random.Next(words.Length)]).Append(random.Next(100));
            if (random.Next(40) == 0) text.Append(Placeholder);
            if (random.Next(200) == 0) text.Append(CountPlaceholder).Append(Placeholder);
        }
        if (seed > 2) text.Append(Placeholder);
        var page = Encoding.ASCII.GetBytes(text.ToString());
        var holes = new List<GzipPage.Hole>();
        for (var at = 0; at < page.Length;)
        {
            var rest = page.AsSpan(at);
            if (rest.StartsWith(Encoding.ASCII.GetBytes(Placeholder))) holes.Add(new GzipPage.Hole(at, Placeholder.Length, GzipPage.HoleKind.Token));
            else if (rest.StartsWith(Encoding.ASCII.GetBytes(CountPlaceholder))) holes.Add(new GzipPage.Hole(at, CountPlaceholder.Length, GzipPage.HoleKind.CartCount));
            at += holes.Count > 0 && holes[^1].At == at ? Placeholder.Length : 1;
        }
        // A token made of the page's own words: were it compressed with them, its bytes would be matches, not itself.
        var token = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 60).Select(_ => words[random.Next(words.Length)]))[..150]);
        var count = Encoding.ASCII.GetBytes(random.Next(10).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var gzip = GzipPage.Build(page, holes, token.Length, count.Length)!;
        var parts = new List<ReadOnlyMemory<byte>>();
        var length = gzip.Fill(parts, token, count);

        var body = parts.SelectMany(p => p.ToArray()).ToArray();
        Assert.Equal(length, body.Length);
        var expected = text.ToString().Replace(CountPlaceholder, Encoding.ASCII.GetString(count), StringComparison.Ordinal)
            .Replace(Placeholder, Encoding.ASCII.GetString(token), StringComparison.Ordinal);
        Assert.Equal(expected, Encoding.ASCII.GetString(Gunzip(body)));
        Assert.Equal(expected.Length, gzip.Length);
        Assert.True(gzip.Fits(token, count));
        Assert.False(gzip.Fits(token, "12"u8));

        // Its plain copy, for clients without gzip, filled the same way is the same page.
        var plainLength = gzip.MakePlain().Fill(parts, token, count);
        Assert.Equal(expected, Encoding.ASCII.GetString([.. parts.SelectMany(p => p.ToArray())]));
        Assert.Equal(expected.Length, plainLength);
        Assert.False(gzip.Fits(token.AsSpan(1), count));
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/search/suggest?q=lam")]
    public async Task Json_that_holds_no_token_is_compressed_by_the_store_itself(string url)
    {
        // nginx compresses nothing (it would compress pages with tokens too), so the store does this itself.
        using var response = await store.CreateClient().SendAsync(Get(url, "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.StartsWith("{", Encoding.UTF8.GetString(Gunzip(await response.Content.ReadAsByteArrayAsync())), StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_with_a_nul_byte_gets_no_gzip_copy()
    {
        Assert.Null(GzipPage.Build("<p>a\0b</p>"u8, [], 10, 1));
        Assert.NotNull(GzipPage.Build("<p>ab</p>"u8, [], 10, 1));
    }

    private static HttpRequestMessage Get(string url, string acceptEncoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return request;
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(byte[] html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(Encoding.UTF8.GetString(html));

    // At its address, so a form's action resolves as a browser would resolve it.
    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> ParseAtAsync(byte[] html, Uri address) =>
        (AngleSharp.Html.Dom.IHtmlDocument)await BrowsingContext.New().OpenAsync(r => r.Content(Encoding.UTF8.GetString(html)).Address(address));

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
