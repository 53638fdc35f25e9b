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

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"{response.RequestMessage!.RequestUri} has no {name} header");
}

public sealed class RateLimitedStore : StoreFactory
{
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Search:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Search:Window", "00:05:00");
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "2");
        builder.UseSetting("RateLimiting:Accounts:Window", "00:05:00");
    }
}

public sealed class RateLimitTests(RateLimitedStore store) : IClassFixture<RateLimitedStore>
{
    [Fact]
    public async Task A_client_searching_too_fast_gets_429_with_retry_after_and_a_friendly_page()
    {
        var client = store.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/search?q=lamp&page={i + 1}")).StatusCode);
        }

        var response = await client.GetAsync("/search?q=lamp&page=4");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("Too many requests", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/search/suggest?q=lam")).StatusCode);

        // Browsing the catalogue is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/categories/electronics")).StatusCode);
    }

    [Fact]
    public async Task Password_guessing_from_one_address_gets_429_after_the_limit_but_the_form_still_shows()
    {
        var client = store.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var page = await client.GetDocumentAsync("/account/forgot-password");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var response = await client.SubmitAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("main form")!,
                new Dictionary<string, string> { ["Input.Email"] = $"guess{i}@example.com" });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

}
