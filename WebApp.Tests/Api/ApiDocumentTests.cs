using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Security;

namespace WebApp.Tests.Api;

public sealed class ApiDocumentTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task Every_api_endpoint_is_described_with_its_errors()
    {
        var response = await store.AppClient().GetAsync("/openapi/v1.json");
        var document = await ApiStore.JsonAsync(response, HttpStatusCode.OK);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");

        var mapped = store.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            // HEAD is every GET without its body (HeadAsGet), described once, as the GET.
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "HEAD").Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Distinct().ToList();
        Assert.True(mapped.Count >= 14, $"only {mapped.Count} endpoints found");
        foreach (var (path, method) in mapped)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the document");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is not in the document");
            var responses = operation.GetProperty("responses");
            Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2') || r.Name == "304"), $"{method} {path} has no success response");
            Assert.True(responses.TryGetProperty("429", out var limited), $"{method} {path} does not describe 429");
            Assert.True(limited.GetProperty("content").TryGetProperty("application/problem+json", out _));
        }
        // Bodies are described even though the endpoints read them themselves.
        Assert.True(paths.GetProperty("/api/v1/orders").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(paths.GetProperty("/api/v1/orders").GetProperty("post").GetProperty("responses").TryGetProperty("422", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("OrderDetails", out _));
        // Nothing but the API: the pages' script endpoints are not part of the contract.
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_document_names_query_parameters_headers_security_and_plain_integers()
    {
        var document = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var paths = document.GetProperty("paths");
        static List<string> Names(System.Text.Json.JsonElement operation, string location) =>
            operation.TryGetProperty("parameters", out var list)
                ? [.. list.EnumerateArray().Where(p => p.GetProperty("in").GetString() == location).Select(p => p.GetProperty("name").GetString()!)]
                : [];

        var products = paths.GetProperty("/api/v1/products").GetProperty("get");
        Assert.Equal(["brand", "category", "exact", "inStock", "maxPrice", "minPrice", "page", "pageSize", "q", "sort"], Names(products, "query").Order());
        Assert.Equal(["page", "pageSize"], Names(paths.GetProperty("/api/v1/orders").GetProperty("get"), "query").Order());
        var place = paths.GetProperty("/api/v1/orders").GetProperty("post");
        Assert.True(place.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key").GetProperty("required").GetBoolean());
        Assert.Contains("If-None-Match", Names(paths.GetProperty("/api/v1/products/{id}").GetProperty("get"), "header"));

        // The token is asked for where it is needed, and not on the public catalogue.
        Assert.True(place.TryGetProperty("security", out var security) && security[0].TryGetProperty("Bearer", out _));
        Assert.False(products.TryGetProperty("security", out _));
        // The cart and the quote take a token but answer without one too (the cart cookie's cart): "none" or Bearer.
        foreach (var (path, method) in new[] { ("/api/v1/cart", "get"), ("/api/v1/cart/items", "post"), ("/api/v1/cart/items/{productId}", "delete"), ("/api/v1/checkout/quote", "post") })
        {
            var either = paths.GetProperty(path).GetProperty(method).GetProperty("security");
            Assert.Equal(2, either.GetArrayLength());
            Assert.Empty(either[0].EnumerateObject());
            Assert.True(either[1].TryGetProperty("Bearer", out _), $"{method} {path}");
        }

        // Numbers are plain integers (no "integer or string"), and only fields without which nothing works are required.
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var orderId = schemas.GetProperty("OrderDetails").GetProperty("properties").GetProperty("id");
        Assert.Equal("integer", orderId.GetProperty("type").ToString());
        var placeBody = schemas.GetProperty("PlaceOrderBody");
        var required = placeBody.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToList() : [];
        Assert.DoesNotContain("addressLine2", required);
        Assert.DoesNotContain("cardNumber", required);
        Assert.Contains("quotedSubtotalCents", required);
        Assert.Equal(["productId"], schemas.GetProperty("AddItemRequest").GetProperty("required").EnumerateArray().Select(n => n.GetString()));
        // Session 49's quote: only the country is needed (a region where the country has a list is checked by the store).
        Assert.DoesNotContain("quotedTotalCents", required);
        Assert.True(placeBody.GetProperty("properties").TryGetProperty("quotedTotalCents", out _));
        Assert.Equal(["country"], schemas.GetProperty("QuoteBody").GetProperty("required").EnumerateArray().Select(n => n.GetString()));
        // A required field is not offered as null, which the store refuses as it does its absence (session 51's review);
        // a field one may leave out still may be null.
        foreach (var (schema, field, type) in new[] { ("AddItemRequest", "productId", "integer"), ("SetQuantityRequest", "quantity", "integer"),
            ("PlaceOrderBody", "fullName", "string"), ("PlaceOrderBody", "quotedSubtotalCents", "integer"), ("QuoteBody", "country", "string"),
            ("LoginRequest", "email", "string"), ("RefreshRequest", "refreshToken", "string") })
        {
            Assert.Equal(type, schemas.GetProperty(schema).GetProperty("properties").GetProperty(field).GetProperty("type").ToString());
        }
        Assert.Contains("null", schemas.GetProperty("PlaceOrderBody").GetProperty("properties").GetProperty("addressLine2").GetProperty("type").ToString());
        var quote = paths.GetProperty("/api/v1/checkout/quote").GetProperty("post");
        Assert.Superset(new HashSet<string> { "200", "400", "413", "415" }, quote.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToHashSet());
        Assert.Equal(["cents", "included", "label", "name", "rateBasisPoints"], schemas.GetProperty("QuoteTax").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task The_document_matches_the_answers_a_validating_client_reads()
    {
        // Each found by an outside review (session 45) validating real answers against the document.
        var document = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        // Problems carry extension members (a 409's "lines", every problem's "code"): "additionalProperties: false" forbade them.
        foreach (var problem in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            Assert.False(schemas.GetProperty(problem).TryGetProperty("additionalProperties", out var extra) && extra.ValueKind == System.Text.Json.JsonValueKind.False, problem);
            Assert.Equal("string", schemas.GetProperty(problem).GetProperty("properties").GetProperty("code").GetProperty("type").GetString());
        }
        // Times and statuses had a format or an enum and no type.
        Assert.Equal("string", schemas.GetProperty("OrderSummary").GetProperty("properties").GetProperty("placedAt").GetProperty("type").GetString());
        Assert.Equal("string", schemas.GetProperty("OrderStatus").GetProperty("type").GetString());
        Assert.True(schemas.GetProperty("PlaceOrderBody").GetProperty("properties").TryGetProperty("region", out _));
        Assert.DoesNotContain("PlaceOrderBody.", schemas.GetProperty("PlaceOrderBody").ToString(), StringComparison.Ordinal);

        var paths = document.GetProperty("paths");
        var place = paths.GetProperty("/api/v1/orders").GetProperty("post").GetProperty("responses");
        Assert.True(place.GetProperty("201").GetProperty("headers").TryGetProperty("Location", out _));
        Assert.True(place.GetProperty("200").GetProperty("headers").TryGetProperty("Idempotent-Replayed", out _));
        Assert.True(place.GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(place.TryGetProperty("413", out _));
        Assert.True(paths.GetProperty("/api/v1/products/{id}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));
        // A bad token is a 401 on the public calls too.
        Assert.True(paths.GetProperty("/api/v1/products").GetProperty("get").GetProperty("responses").TryGetProperty("401", out _));
    }

    // "/api/v1/products/{id:int}/" to "/api/v1/products/{id}", as OpenAPI writes it.
    private static string Normalise(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }

    [Fact]
    public async Task The_reference_page_has_its_own_policy_and_the_store_keeps_the_strict_one()
    {
        var client = store.CreateClient();
        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Contains("scalar", await docs.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SecurityHeaders.ApiDocsPolicy, docs.Headers.GetValues("Content-Security-Policy").Single());

        var home = await client.GetAsync("/");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, home.Headers.GetValues("Content-Security-Policy").Single());
        var json = await client.GetAsync("/api/v1/categories");
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, json.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_document_is_at_one_address_and_names_no_server_from_the_request()
    {
        var client = store.AppClient();
        // Any other name was the framework's plain-text 404 repeating it (an outside review, session 50).
        var other = await client.GetAsync("/openapi/%3Cscript%3Ealert(1)%3C%2Fscript%3E.json");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("<script>", await other.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual("text/plain", other.Content.Headers.ContentType?.MediaType);

        // The servers named whatever Host was sent, where any is accepted (AllowedHosts "*", as in Development).
        using var anyHost = store.WithWebHostBuilder(b => b.UseSetting("AllowedHosts", "*"));
        var forged = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        forged.Headers.Host = "evil.example";
        var document = await ApiStore.JsonAsync(await anyHost.CreateClient().SendAsync(forged), HttpStatusCode.OK);
        Assert.DoesNotContain("evil.example", document.ToString(), StringComparison.Ordinal);
        using var configured = store.WithWebHostBuilder(b => b.UseSetting("App:BaseUrl", "https://shop.example.com"));
        var named = await ApiStore.JsonAsync(await configured.CreateClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        Assert.Equal("https://shop.example.com/", named.GetProperty("servers")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Cors_is_off_unless_origins_are_configured()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/categories");
        request.Headers.Add("Origin", "https://partner.example");
        var response = await store.AppClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
