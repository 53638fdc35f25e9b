using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using WebApp.Tests.Api;

namespace WebApp.Tests.ApiFix;

/// <summary>Session 53's outside review of the JSON API (a partner developer and an attacker), each finding as it was found.</summary>
public sealed class ApiReview53Tests(ApiStore store) : IClassFixture<ApiStore>
{
    /// <summary>A problem with this status, a <c>type</c> and a <c>detail</c>, as every API error is.</summary>
    private static async Task<JsonElement> FullProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await ApiStore.ProblemAsync(response, expected);
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), problem.ToString());
        return problem;
    }

    private static string FieldMessage(JsonElement problem, string field) =>
        problem.GetProperty("errors").TryGetProperty(field, out var messages) ? messages[0].GetString()! : throw new Xunit.Sdk.XunitException($"No message for {field}: {problem}");

    [Fact]
    public async Task A_product_list_carries_the_facets_the_search_page_shows_and_each_value_filters_to_its_count()
    {
        // No facets and no brand list: an app could not offer the page's filters, nor learn the slugs brand= takes.
        var client = store.CreateClient();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/products?q=lamp");
        var facets = list.GetProperty("facets");
        var brands = facets.GetProperty("brands").EnumerateArray().ToList();
        Assert.NotEmpty(brands);
        Assert.NotEmpty(facets.GetProperty("categories").EnumerateArray());
        Assert.NotEmpty(facets.GetProperty("prices").EnumerateArray());
        Assert.InRange(facets.GetProperty("inStock").GetInt32(), 1, list.GetProperty("total").GetInt32());

        var brand = brands[0];
        Assert.False(brand.GetProperty("selected").GetBoolean());
        var filtered = await client.GetFromJsonAsync<JsonElement>("/api/v1/products?q=lamp&brand=" + Uri.EscapeDataString(brand.GetProperty("value").GetString()!));
        Assert.Equal(brand.GetProperty("count").GetInt32(), filtered.GetProperty("total").GetInt32());
        Assert.All(filtered.GetProperty("items").EnumerateArray(), i => Assert.Equal(brand.GetProperty("label").GetString(), i.GetProperty("brand").GetString()));
        // Counted without its own filter: the other brands are still offered, the chosen one marked.
        var again = filtered.GetProperty("facets").GetProperty("brands").EnumerateArray().ToList();
        Assert.Equal(brands.Count, again.Count);
        Assert.True(again.Single(b => b.GetProperty("value").GetString() == brand.GetProperty("value").GetString()).GetProperty("selected").GetBoolean());

        var band = facets.GetProperty("prices").EnumerateArray().First(p => p.GetProperty("count").GetInt32() > 0);
        var query = "/api/v1/products?q=lamp" + (band.GetProperty("minPrice").GetString() is { } min ? "&minPrice=" + min : "")
            + (band.GetProperty("maxPrice").GetString() is { } max ? "&maxPrice=" + max : "");
        var priced = await client.GetFromJsonAsync<JsonElement>(query);
        Assert.Equal(band.GetProperty("count").GetInt32(), priced.GetProperty("total").GetInt32());
        Assert.True(priced.GetProperty("facets").GetProperty("prices").EnumerateArray().Single(p => p.GetProperty("label").GetString() == band.GetProperty("label").GetString()).GetProperty("selected").GetBoolean());
    }

    [Fact]
    public async Task An_app_without_a_token_is_told_which_cookie_stops_its_second_cart_write_and_the_two_ways_on()
    {
        var client = store.CookieClient();
        var id = await store.ProductWithStockAsync(40, skip: 40);
        await ApiStore.JsonAsync(await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = id }), HttpStatusCode.OK);

        // The first add set the cart cookie; every write after it needs the antiforgery header.
        var refused = await FullProblemAsync(await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = id }), HttpStatusCode.Forbidden);
        var detail = refused.GetProperty("detail").GetString()!;
        foreach (var named in new[] { ".WebApp.Cart", "Authorization: Bearer", "GET /api/v1/antiforgery", "RequestVerificationToken" })
        {
            Assert.Contains(named, detail, StringComparison.Ordinal);
        }

        // The way on it names works: the token from /antiforgery in the header.
        var token = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/antiforgery"), HttpStatusCode.OK);
        var withToken = ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id });
        withToken.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        Assert.Equal(2, (await ApiStore.JsonAsync(await client.SendAsync(withToken), HttpStatusCode.OK)).GetProperty("count").GetInt32());

        // Any cart cookie, even a made-up one, is a cookie a browser would send: the same 403, the same words.
        var garbage = ApiStore.Json(HttpMethod.Post, "/api/v1/checkout/quote", new { country = "GB" });
        garbage.Headers.Add("Cookie", ".WebApp.Cart=garbage");
        var quote = await FullProblemAsync(await store.AppClient().SendAsync(garbage), HttpStatusCode.Forbidden);
        Assert.Contains(".WebApp.Cart", quote.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_document_says_on_each_cookie_write_how_to_pass_the_cross_site_check()
    {
        var paths = (await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK)).GetProperty("paths");
        foreach (var (path, method) in new[] { ("/api/v1/cart/items", "post"), ("/api/v1/cart/items/{productId}", "put"), ("/api/v1/cart/items/{productId}", "delete"), ("/api/v1/checkout/quote", "post") })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var description = operation.GetProperty("description").GetString()!;
            Assert.Contains(".WebApp.Cart", description, StringComparison.Ordinal);
            Assert.Contains("GET /api/v1/antiforgery", description, StringComparison.Ordinal);
            Assert.Contains("RequestVerificationToken", description, StringComparison.Ordinal);
            var forbidden = operation.GetProperty("responses").GetProperty("403");
            Assert.Contains("RequestVerificationToken", forbidden.GetProperty("description").GetString(), StringComparison.Ordinal);
            var example = forbidden.GetProperty("content").GetProperty("application/problem+json").GetProperty("example");
            Assert.Equal("Cross-site request refused", example.GetProperty("title").GetString());
            Assert.Contains("RequestVerificationToken", example.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        // Reads have nothing to forge.
        Assert.False(paths.GetProperty("/api/v1/cart").GetProperty("get").TryGetProperty("description", out _));
    }

    [Theory]
    [InlineData("/api/v1/products?page=2%00&pageSize=3", "page")]
    [InlineData("/api/v1/products?pageSize=7%00", "pageSize")]
    [InlineData("/api/v1/orders?page=2%00", "page")]
    [InlineData("/api/v1/orders?pageSize=7%00", "pageSize")]
    [InlineData("/api/v1/products?page=%002", "page")]
    public async Task A_page_number_with_a_nul_is_bad_paging(string url, string field)
    {
        var (client, _, _) = await store.BearerClientAsync("nulpage");
        var problem = await FullProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Contains("whole number", FieldMessage(problem, field), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/products?page=1&page=1", "page")]
    [InlineData("/api/v1/products?pageSize=5&pageSize=6", "pageSize")]
    [InlineData("/api/v1/orders?page=1&page=1", "page")]
    public async Task A_paging_parameter_given_twice_is_told_so(string url, string field)
    {
        var (client, _, _) = await store.BearerClientAsync("twicepage");
        var problem = await FullProblemAsync(await client.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.Equal($"{field} was given 2 times: send it once.", FieldMessage(problem, field));
    }

    [Fact]
    public async Task The_lists_link_header_is_in_the_document()
    {
        var paths = (await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK)).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/products", "/api/v1/orders" })
        {
            var link = paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers").GetProperty("Link");
            foreach (var rel in new[] { "first", "prev", "next", "last" }) Assert.Contains(rel, link.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        var (client, _, _) = await store.BearerClientAsync("linkheader");
        var response = await client.GetAsync("/api/v1/products?pageSize=3&page=2");
        await ApiStore.JsonAsync(response, HttpStatusCode.OK);
        Assert.Contains("rel=\"next\"", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_payment_is_a_problem_with_its_type()
    {
        var (client, _, _) = await store.BearerClientAsync("declinetype");
        await ApiStore.AddAsync(client, await store.ProductWithStockAsync(40, skip: 41));
        var body = await ApiStore.CardOrderBodyAsync(client, "4000 0000 0000 0002");
        var problem = await FullProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString())), HttpStatusCode.PaymentRequired);
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.3", problem.GetProperty("type").GetString());
        Assert.Equal("payment-declined", problem.GetProperty("code").GetString());
    }

    public static TheoryData<string, byte[], string, string> UnreadableValues() => new()
    {
        { "/api/v1/cart/items", Encoding.UTF8.GetBytes("{\"productId\":6319,\"quantity\":2147483648}"), "quantity", "This number is too large." },
        { "/api/v1/cart/items", Encoding.UTF8.GetBytes("{\"productId\":6319,\"quantity\":-2147483649}"), "quantity", "This number is too far below zero." },
        { "/api/v1/cart/items", Encoding.UTF8.GetBytes("{\"productId\":6319,\"quantity\":1.5}"), "quantity", "This must be a whole number." },
        { "/api/v1/orders", Encoding.UTF8.GetBytes("{\"quotedSubtotalCents\":9223372036854775808}"), "quotedSubtotalCents", "This number is too large." },
        { "/api/v1/checkout/quote", [.. "{\"country\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], "country", "This text is not valid UTF-8." },
        { "/api/v1/orders", Encoding.UTF8.GetBytes("{\"fullName\":\"\\ud800\"}"), "fullName", "This text holds half of a surrogate pair (\\ud800 to \\udfff alone), which is not a character." },
        { "/api/v1/cart/items", Encoding.UTF8.GetBytes("{\"productId\":" + new string('[', 100) + new string(']', 100) + "}"), "productId", "This value is nested too deeply (at most 64 levels)." },
        // Past the serializer's first buffer (16 KB), where the reader itself walks the value and meets its limit.
        { "/api/v1/cart/items", Encoding.UTF8.GetBytes("{\"productId\":" + new string('[', 20_000) + new string(']', 20_000) + "}"), "productId", "This value is nested too deeply (at most 64 levels)." },
    };

    [Theory]
    [MemberData(nameof(UnreadableValues))]
    public async Task A_value_of_the_right_type_that_cannot_be_read_is_told_its_real_cause(string url, byte[] body, string field, string message)
    {
        var (client, _, _) = await store.BearerClientAsync("unreadable");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var problem = await FullProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal(message, FieldMessage(problem, field));
    }

    [Theory]
    [InlineData("exact=maybe", true)]
    [InlineData("exact=yes", false)]
    [InlineData("exact=1", false)]
    [InlineData("inStock=maybe", true)]
    public async Task A_yes_or_no_parameter_that_is_neither_gets_a_notice(string parameter, bool noticed)
    {
        var list = await ApiStore.JsonAsync(await store.AppClient().GetAsync($"/api/v1/products?q=lamp&{parameter}"), HttpStatusCode.OK);
        var notices = list.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        var value = parameter[(parameter.IndexOf('=', StringComparison.Ordinal) + 1)..];
        Assert.Equal(noticed, notices.Any(n => n.Contains($"“{value}”", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_idempotency_keys_are_refused_naming_the_header()
    {
        var (client, _, _) = await store.BearerClientAsync("twokeys");
        await ApiStore.AddAsync(client, await store.ProductWithStockAsync(40, skip: 42));
        var body = await ApiStore.OrderBodyAsync(client);

        var twoHeaders = ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body);
        twoHeaders.Headers.TryAddWithoutValidation("Idempotency-Key", ["k1", "k2"]);
        var oneList = ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body);
        oneList.Headers.TryAddWithoutValidation("Idempotency-Key", "k1,k2");
        foreach (var request in new[] { twoHeaders, oneList })
        {
            var problem = await FullProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);
            Assert.Contains("one key", FieldMessage(problem, "Idempotency-Key"), StringComparison.Ordinal);
        }
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("quotedSubtotalCents")]
    [InlineData("quotedTotalCents")]
    public async Task A_negative_quoted_amount_is_bad_input_not_a_price_change(string field)
    {
        var (client, _, _) = await store.BearerClientAsync("negative");
        await ApiStore.AddAsync(client, await store.ProductWithStockAsync(40, skip: 43));
        var body = await ApiStore.OrderBodyAsync(client);
        body[field] = -1L;
        var problem = await FullProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);
        Assert.Contains("zero or more", FieldMessage(problem, field), StringComparison.Ordinal);
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK)).GetProperty("total").GetInt32());
    }
}

/// <summary>The API as Development routes it: MapStaticAssets' runtime reloader adds a GET and HEAD fallback on every path.</summary>
public sealed class DevelopmentRoutingApiStore : ApiStore
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReloadStaticAssetsAtRuntime", "true");
    }
}

/// <summary>OPTIONS and other refused methods say in <c>Allow</c> exactly what the address takes, however the app routes.</summary>
public abstract class AllowListsWhatTheEndpointTakes(ApiStore store)
{
    [Theory]
    [InlineData("/api/v1/cart/items", "POST")]
    [InlineData("/api/v1/auth/login", "POST")]
    [InlineData("/api/v1/checkout/quote", "POST")]
    [InlineData("/api/v1/orders/4/cancel", "POST")]
    [InlineData("/api/v1/cart/items/4", "DELETE, PUT")]
    public async Task Options_and_get_are_405_with_exactly_the_methods_taken(string url, string allow)
    {
        var (client, _, _) = await store.BearerClientAsync("allow");
        foreach (var method in new[] { HttpMethod.Options, HttpMethod.Get, HttpMethod.Patch })
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url));
            var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
            Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        }
    }
}

public sealed class AllowInTestingTests(ApiStore store) : AllowListsWhatTheEndpointTakes(store), IClassFixture<ApiStore>;

public sealed class AllowInDevelopmentRoutingTests(DevelopmentRoutingApiStore store) : AllowListsWhatTheEndpointTakes(store), IClassFixture<DevelopmentRoutingApiStore>;
