using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Security;

public sealed class SecurityHeaderTests(StoreFactory factory) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = factory.CreateBrowserlessClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/categories/electronics")]
    [InlineData("/search?q=lamp")]
    [InlineData("/search/suggest?q=lam")]
    [InlineData("/products/3/image.svg")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    [InlineData("/__test/throw")]
    [InlineData("/css/site.css")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await _client.GetAsync(url);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", scriptSrc, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_for_the_policy_to_block()
    {
        foreach (var url in new[] { "/", "/categories/electronics", "/search?q=lamp", "/products/3" })
        {
            var page = await _client.GetDocumentAsync(url);
            Assert.Empty(page.QuerySelectorAll("script:not([src])"));
            Assert.Empty(page.QuerySelectorAll("[onclick], [onload], [onerror], [onchange], [onsubmit]"));
        }
    }

    [Fact]
    public async Task Https_responses_outside_development_carry_a_one_year_hsts()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://store.example") });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=31536000", Header(response, "Strict-Transport-Security"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_pages_delete_no_flash_cookie_the_visitor_does_not_have_and_a_flash_still_shows_once()
    {
        // Found by an outside review: every signed-in page answered Set-Cookie: .WebApp.TempData=; expires=1970, for a
        // cookie the visitor did not have (the layout reads TempData for a flash message on every page).
        var client = await factory.SignedInClientAsync(StoreFactory.NewEmail("quiet"));
        foreach (var url in new[] { "/", "/cart", "/orders", "/search?q=lamp" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.Contains("TempData", StringComparison.Ordinal));
        }

        // A flash still comes once and its cookie is deleted after it: an add to cart without script.
        var product = await client.GetDocumentAsync("/products/3");
        var added = await client.SendAsync(Html.FormRequest((AngleSharp.Html.Dom.IHtmlFormElement)product.QuerySelector("form.add-to-cart")!));
        var shown = await Html.GetDocumentAsync(added);
        Assert.NotNull(shown.QuerySelector("[data-testid=flash]"));
        Assert.Contains(added.Headers.GetValues("Set-Cookie"), c => c.Contains("TempData=;", StringComparison.Ordinal));
        var next = await client.GetDocumentAsync("/cart");
        Assert.Null(next.QuerySelector("[data-testid=flash]"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} has no {name} header");
}
