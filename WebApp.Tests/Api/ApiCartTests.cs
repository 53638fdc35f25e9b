using System.Net;
using System.Net.Http.Json;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

public sealed class ApiCartTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task App_adds_changes_and_removes_cart_lines()
    {
        var (client, _, _) = await store.BearerClientAsync("cart");
        var id = await store.ProductWithStockAsync(50, skip: 1);

        var added = await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id, quantity = 2 })), HttpStatusCode.OK);
        Assert.Equal(2, added.GetProperty("count").GetInt32());
        var line = added.GetProperty("items")[0];
        Assert.Equal(id, line.GetProperty("productId").GetInt32());
        Assert.Equal(line.GetProperty("unitPriceCents").GetInt64() * 2, added.GetProperty("subtotalCents").GetInt64());

        var changed = await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{id}", new { quantity = 5 })), HttpStatusCode.OK);
        Assert.Equal(5, changed.GetProperty("count").GetInt32());
        Assert.True(changed.GetProperty("canCheckOut").GetBoolean());

        var removed = await ApiStore.JsonAsync(await client.DeleteAsync($"/api/v1/cart/items/{id}"), HttpStatusCode.OK);
        Assert.Equal(0, removed.GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("count").GetInt32());

        // A shopper's own answers are kept by no cache: they carried no Cache-Control, and an app's HTTP cache may keep
        // such answers on disk (an outside review, session 45).
        foreach (var url in new[] { "/api/v1/cart", "/api/v1/orders" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.Headers.CacheControl?.NoStore, url);
        }
    }

    [Fact]
    public async Task Anonymous_shopper_gets_a_cart_cookie_and_the_same_cart_as_the_cart_page()
    {
        var client = store.CookieClient();
        var id = await store.ProductWithStockAsync(50, skip: 2);
        var response = await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id }));
        await ApiStore.JsonAsync(response, HttpStatusCode.OK);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.Contains(".WebApp.Cart=", StringComparison.Ordinal));

        var cart = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK);
        Assert.Equal(1, cart.GetProperty("count").GetInt32());
        var page = await client.GetDocumentAsync("/cart");
        Assert.Equal("1", page.QuerySelector("[data-testid=cart-link] [data-cart-count]")!.TextContent.Trim());
        // Read aloud as "Cart items: 1", right for any count (it was "1 items").
        Assert.Equal("Cart items: 1", System.Text.RegularExpressions.Regex.Replace(page.QuerySelector("[data-testid=cart-link]")!.TextContent, @"\s+", " ").Trim());
    }

    [Fact]
    public async Task The_cart_an_app_filled_before_signing_in_joins_the_accounts()
    {
        var email = ApiStore.NewEmail("appmerge");
        await store.CreateUserAsync(email);
        var client = store.CookieClient();
        var id = await store.ProductWithStockAsync(50, skip: 21);
        await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id, quantity = 2 })), HttpStatusCode.OK);

        // It was left behind, and the signed-in app found an empty cart (an outside review, session 45).
        var tokens = await ApiStore.JsonAsync(await ApiStore.LoginAsync(client, email), HttpStatusCode.OK);
        var app = store.AppClient();
        app.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var line = Assert.Single((await ApiStore.JsonAsync(await app.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal((id, 2), (line.GetProperty("productId").GetInt32(), line.GetProperty("quantity").GetInt32()));
    }

    [Fact]
    public async Task Quantities_and_products_are_checked_by_the_cart_rules()
    {
        var (client, _, _) = await store.BearerClientAsync("cartrules");
        var scarce = await store.ProductWithStockAsync(2, skip: 3);

        var zero = await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = scarce, quantity = 0 }));
        Assert.True((await ApiStore.ProblemAsync(zero, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("quantity", out _));
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = 999_999 })), HttpStatusCode.NotFound);
        // A code a client can switch on, and the limit per product is not called a shortage (an outside review, session 45).
        var scarceProblem = await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = scarce, quantity = 3 })), HttpStatusCode.Conflict);
        Assert.Equal("out-of-stock", scarceProblem.GetProperty("code").GetString());
        var plenty = await store.ProductWithStockAsync(500, skip: 20);
        await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = plenty, quantity = 60 }));
        var overLimit = await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = plenty, quantity = 60 })), HttpStatusCode.Conflict);
        Assert.Equal(("Over the limit per product", "over-limit"), (overLimit.GetProperty("title").GetString(), overLimit.GetProperty("code").GetString()));
        await client.DeleteAsync($"/api/v1/cart/items/{plenty}");
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{scarce}", new { quantity = 1 })), HttpStatusCode.NotFound);
        // Not in the cart is said before the stock: more than there are answered 409 out-of-stock (an outside review, session 48).
        var absent = await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{scarce}", new { quantity = 5 })), HttpStatusCode.NotFound);
        Assert.Equal("not-in-cart", absent.GetProperty("code").GetString());
        var missing = await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { quantity = 1 }));
        Assert.True((await ApiStore.ProblemAsync(missing, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("productId", out _));
        var typo = await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/cart/items", $"{{\"productId\":{scarce},\"qty\":1}}"));
        Assert.True((await ApiStore.ProblemAsync(typo, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("qty", out _));
        var text = await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/cart/items", $"{{\"productId\":\"{scarce}x\"}}"));
        await ApiStore.ProblemAsync(text, HttpStatusCode.BadRequest);
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/cart/items", "productId=1", "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_cross_site_page_cannot_write_to_a_signed_in_shoppers_cart()
    {
        var client = await store.SignedInClientAsync(ApiStore.NewEmail("victim"));
        var id = await store.ProductWithStockAsync(50, skip: 4);

        // A hostile page's fetch: the browser adds the cookies and says where it comes from.
        var foreign = ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id });
        foreign.Headers.Add("Origin", "https://evil.example");
        foreign.Headers.Add("Sec-Fetch-Site", "cross-site");
        await ApiStore.ProblemAsync(await client.SendAsync(foreign), HttpStatusCode.Forbidden);
        // A form-less client with the cookie and no proof at all.
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id })), HttpStatusCode.Forbidden);
        // DELETE too, which the antiforgery middleware would not check on its own.
        await ApiStore.ProblemAsync(await client.DeleteAsync($"/api/v1/cart/items/{id}"), HttpStatusCode.Forbidden);
        Assert.Equal(0, (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("count").GetInt32());
        Assert.Contains(store.Logs.Entries, e => e.EventId.Name == "AntiforgeryValidationFailed");
    }

    [Fact]
    public async Task The_stores_own_pages_and_token_holders_can_write_with_the_cookie()
    {
        var client = await store.SignedInClientAsync(ApiStore.NewEmail("ownpage"));
        var id = await store.ProductWithStockAsync(50, skip: 5);

        var sameOrigin = ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id });
        sameOrigin.Headers.Add("Origin", "http://localhost");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        await ApiStore.JsonAsync(await client.SendAsync(sameOrigin), HttpStatusCode.OK);

        var token = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/antiforgery"), HttpStatusCode.OK);
        var withToken = ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{id}", new { quantity = 3 });
        withToken.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        var cart = await ApiStore.JsonAsync(await client.SendAsync(withToken), HttpStatusCode.OK);
        Assert.Equal(3, cart.GetProperty("count").GetInt32());

        // A token does not excuse a request that says it comes from elsewhere.
        var forged = ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{id}", new { quantity = 9 });
        forged.Headers.Add(token.GetProperty("headerName").GetString()!, token.GetProperty("token").GetString());
        forged.Headers.Add("Origin", "https://evil.example");
        await ApiStore.ProblemAsync(await client.SendAsync(forged), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bearer_writes_need_no_antiforgery_token()
    {
        var (client, _, _) = await store.BearerClientAsync("bearerwrite");
        var id = await store.ProductWithStockAsync(50, skip: 6);
        var response = await client.PostAsJsonAsync("/api/v1/cart/items", new { productId = id });
        await ApiStore.JsonAsync(response, HttpStatusCode.OK);
    }
}
