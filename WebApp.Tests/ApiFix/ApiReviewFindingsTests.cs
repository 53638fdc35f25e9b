using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;
using WebApp.Tests.Api;

namespace WebApp.Tests.ApiFix;

/// <summary>The outside review's findings against the JSON API, each attacked the way it was found.</summary>
public sealed class ApiReviewFindingsTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task Token_responses_tell_every_cache_not_to_keep_them()
    {
        var (_, _, tokens) = await store.BearerClientAsync("nostore");
        var email = ApiStore.NewEmail("nostore2");
        await store.CreateUserAsync(email);
        var client = store.AppClient();

        var login = await ApiStore.LoginAsync(client, email);
        await ApiStore.JsonAsync(login, HttpStatusCode.OK);
        var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        await ApiStore.JsonAsync(refresh, HttpStatusCode.OK);
        foreach (var response in new[] { login, refresh })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
            Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
        }
    }

    /// <summary>A body that announces no length, as a chunked upload does: the server finds out only by reading it.</summary>
    private sealed class UnknownLengthContent(int bytes) : HttpContent
    {
        public UnknownLengthContent() : this(0) { }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var filler = Encoding.ASCII.GetBytes(new string('a', 8192));
            await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"productId\":1,\"quantity\":1,\"note\":\""));
            for (var written = 0; written < bytes; written += filler.Length) await stream.WriteAsync(filler);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("\"}"));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task A_body_without_a_length_is_still_held_to_64_KB()
    {
        var (client, _, _) = await store.BearerClientAsync("chunked");
        var content = new UnknownLengthContent(4 * 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cart/items") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentLength);
        var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("64 KB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("{\"productId\":PID,\"quantity\":\"2\"}", "quantity")]
    [InlineData("{\"productId\":PID,\"quantity\":1,\"quantity\":50}", "quantity")]
    [InlineData("{\"PRODUCTID\":PID,\"quantity\":1}", "PRODUCTID")]
    public async Task Loose_json_is_refused_with_the_field_named(string body, string field)
    {
        var (client, _, _) = await store.BearerClientAsync("strict");
        var id = await store.ProductWithStockAsync(40, skip: 30);
        var response = await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/cart/items", body.Replace("PID", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Replaying_an_order_with_its_key_logs_no_error_and_times_carry_their_zone()
    {
        var (client, _, _) = await store.BearerClientAsync("replay");
        var id = await store.ProductWithStockAsync(40, skip: 31);
        await ApiStore.AddAsync(client, id);
        var body = await ApiStore.OrderBodyAsync(client);
        var key = Guid.NewGuid().ToString();
        var first = await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, key)), HttpStatusCode.Created);

        var errorsBefore = store.Logs.Entries.Count(e => e.Level >= LogLevel.Error);
        var replay = await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, key)), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetInt32(), replay.GetProperty("id").GetInt32());
        var errors = store.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Skip(errorsBefore).ToList();
        Assert.DoesNotContain(errors, e => e.Message.Contains("ApiIdempotencyKeys", StringComparison.Ordinal) || e.Message.Contains("UNIQUE", StringComparison.Ordinal));
        Assert.DoesNotContain(store.Logs.Entries, e => e.Level >= LogLevel.Error && e.Message.Contains("ApiIdempotencyKeys", StringComparison.Ordinal));

        var list = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        foreach (var at in new[] { first.GetProperty("placedAt"), first.GetProperty("history")[0].GetProperty("at"), list.GetProperty("items")[0].GetProperty("placedAt") })
        {
            var text = at.GetString()!;
            Assert.EndsWith("Z", text, StringComparison.Ordinal);
            Assert.Equal(TimeSpan.Zero, DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).Offset);
        }
        var product = await ApiStore.JsonAsync(await client.GetAsync($"/api/v1/products/{id}"), HttpStatusCode.OK);
        Assert.EndsWith("Z", product.GetProperty("updatedAt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bearer_scheme_is_read_in_any_case()
    {
        var (client, _, tokens) = await store.BearerClientAsync("lower");
        var lower = store.AppClient();
        Assert.True(lower.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "bearer " + tokens.GetProperty("accessToken").GetString()));
        Assert.Equal(0, (await ApiStore.JsonAsync(await lower.GetAsync("/api/v1/orders"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
        var upper = store.AppClient();
        Assert.True(upper.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "BEARER " + tokens.GetProperty("accessToken").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await upper.GetAsync("/api/v1/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/orders")).StatusCode);
    }

    [Fact]
    public async Task A_product_has_one_weak_etag_for_every_encoding_and_revalidates_weakly()
    {
        var client = store.AppClient();
        var id = await store.ProductWithStockAsync(40, skip: 32);
        var plain = await client.GetAsync($"/api/v1/products/{id}");
        var gzipRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/products/{id}");
        gzipRequest.Headers.AcceptEncoding.ParseAdd("gzip");
        var gzip = await client.SendAsync(gzipRequest);
        Assert.Equal("gzip", gzip.Content.Headers.ContentEncoding.Single());

        var tag = plain.Headers.ETag!;
        Assert.True(tag.IsWeak);
        Assert.Equal(tag, gzip.Headers.ETag);
        foreach (var sent in new[] { tag.ToString(), tag.Tag })
        {
            var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/products/{id}");
            revalidate.Headers.TryAddWithoutValidation("If-None-Match", sent);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(revalidate)).StatusCode);
        }
    }

    [Theory]
    [InlineData("/api/v1/orders/4/cancel")]
    [InlineData("/api/v1/cart/items")]
    public async Task A_wrong_method_on_a_post_route_is_405_with_allow(string url)
    {
        var (client, _, _) = await store.BearerClientAsync("method");
        var response = await client.GetAsync(url);
        await ApiStore.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Contains("405", (await ApiStore.JsonAsync(response, HttpStatusCode.MethodNotAllowed)).GetProperty("status").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_that_is_not_there_stays_404()
    {
        var (client, _, _) = await store.BearerClientAsync("nowhere");
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/orders/abc/cancel"), HttpStatusCode.NotFound);
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/nothing/here"), HttpStatusCode.NotFound);
    }
}
