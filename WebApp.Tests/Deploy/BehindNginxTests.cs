using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Deploy;

/// <summary>
/// The published store behind Debian's nginx with deploy/webapp.conf, over TLS on loopback: what a shopper's browser
/// and an attacker meet in production. Clients connect from different 127.x addresses, so nginx sees different people.
/// </summary>
public sealed class BehindNginxTests(NginxStore store) : IClassFixture<NginxStore>
{
    [NginxFact]
    public void The_site_configuration_passes_nginx_t()
    {
        Assert.Contains("syntax is ok", store.NginxCheck, StringComparison.Ordinal);
        Assert.Contains("test is successful", store.NginxCheck, StringComparison.Ordinal);
    }

    [NginxFact]
    public async Task Over_https_every_cookie_is_secure_and_host_prefixed_and_HSTS_is_sent_over_http2()
    {
        using var shopper = store.ClientFrom("127.0.0.2");

        using var page = await shopper.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpVersion.Version20, page.Version);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(page.Headers.GetValues("Strict-Transport-Security")));
        var form = (IHtmlFormElement)(await Html.GetDocumentAsync(page)).QuerySelector("main form")!;
        using var signedIn = await shopper.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Email"] = NginxStore.AdminEmail,
            ["Input.Password"] = NginxStore.AdminPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-WebApp.Auth=", StringComparison.Ordinal));
        Assert.All(cookies, cookie =>
        {
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        });
        // Signed in through the proxy: the admin area answers.
        using var admin = await shopper.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [NginxFact]
    public async Task Plain_http_is_sent_to_https_by_nginx()
    {
        using var browser = store.ClientFrom("127.0.0.2");

        using var response = await browser.GetAsync($"http://{NginxStore.Host}:{store.HttpPort}/account/login?returnUrl=%2Fcart");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        // Port 80 goes to 443 in production; the test's own ports are not the default ones, so only scheme, host and path are compared.
        var location = response.Headers.Location!;
        Assert.Equal(("https", NginxStore.Host, "/account/login?returnUrl=%2Fcart"), (location.Scheme, location.Host, location.PathAndQuery));
    }

    [NginxFact]
    public async Task A_sign_in_redirect_from_the_app_stays_on_https()
    {
        using var guest = store.ClientFrom("127.0.0.4");

        using var response = await guest.GetAsync("/account/manage");

        // The store answers with a path (or, for a scheme it got wrong, an http:// address a browser would follow in clear).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
        Assert.StartsWith($"{store.HttpsOrigin}/account/login?ReturnUrl=%2Faccount%2Fmanage", target.AbsoluteUri, StringComparison.Ordinal);
    }

    [NginxFact]
    public async Task Rate_limits_count_per_real_client_and_a_forged_forwarded_for_is_overwritten_by_nginx()
    {
        using var greedy = store.ClientFrom("127.0.0.5");
        using var neighbour = store.ClientFrom("127.0.0.6");

        // Each search claims to come from somewhere else; nginx replaces the header with the real address.
        for (var i = 0; i < NginxStore.SearchLimit; i++)
        {
            using var allowed = await SearchAsync(greedy, $"203.0.113.{i + 1}");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await SearchAsync(greedy, "203.0.113.99");
        using var other = await SearchAsync(neighbour, forgedFor: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        // The store saw (and logged) the address nginx connected from, never the one the client made up.
        Assert.NotNull(await store.LogLineAsync("RateLimited", "127.0.0.5"));
        Assert.DoesNotContain("203.0.113.", store.AppOutput, StringComparison.Ordinal);
    }

    [NginxFact]
    public async Task A_caller_that_is_not_the_proxy_cannot_claim_https_or_another_address()
    {
        // Straight to Kestrel from a local address that is not the configured proxy, claiming to be a forwarded https request.
        using var intruder = store.ClientFrom("127.0.0.9", direct: true);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");

        using var response = await intruder.SendAsync(request);

        // The forged scheme is ignored: the request is still plain HTTP, so the store sends it to the public https address.
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"{store.HttpsOrigin}/account/login", response.Headers.Location!.ToString());
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [NginxFact]
    public async Task Fingerprinted_assets_are_cached_for_a_year_and_only_what_the_app_compresses_is_compressed()
    {
        using var browser = store.ClientFrom("127.0.0.7");
        var home = await browser.GetDocumentAsync("/");
        var stylesheet = home.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!).First(h => h.StartsWith("/css/site.", StringComparison.Ordinal));

        using var asset = await browser.GetAsync(stylesheet);
        using var cached = await browser.SendAsync(AskingForGzip("/"));
        using var signIn = await browser.SendAsync(AskingForGzip("/account/login"));

        Assert.Matches(@"^/css/site\.[a-z0-9]{10}\.css$", stylesheet);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", Assert.Single(asset.Headers.GetValues("Cache-Control")));
        // The cached home page comes gzipped from the app, its token uncompressed inside; nginx passes it on.
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        Assert.Equal("gzip", Assert.Single(cached.Content.Headers.ContentEncoding));
        // A page rendered for this visitor holds their token beside what they typed: nginx must not compress it (BREACH).
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Empty(signIn.Content.Headers.ContentEncoding);
        Assert.Contains("__RequestVerificationToken", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage AskingForGzip(string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        return request;
    }

    [NginxFact]
    public async Task Bodies_over_the_limit_are_refused_by_nginx_except_where_the_app_takes_uploads()
    {
        using var client = store.ClientFrom("127.0.0.8");
        var twoMegabytes = new string('a', 2 * 1024 * 1024);

        using var login = await client.PostAsync("/account/login", new StringContent(twoMegabytes, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var import = await client.PostAsync("/admin/products/import", new StringContent(twoMegabytes, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, login.StatusCode);
        // The import page takes up to 41 MB: nginx lets it through and the app answers (a guest is sent to sign in).
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, import.StatusCode);
        Assert.True(import.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"import answered {import.StatusCode}");
    }

    [NginxFact]
    public async Task Metrics_and_readiness_are_not_served_to_the_internet_in_any_spelling()
    {
        using var outsider = store.ClientFrom("127.0.0.10");

        foreach (var path in new[] { "/metrics", "/METRICS", "/healthz/ready", "/HealthZ/Ready" })
        {
            using var response = await outsider.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [NginxFact]
    public async Task The_access_log_keeps_no_query_strings_where_reset_codes_and_order_tokens_travel()
    {
        using var client = store.ClientFrom("127.0.0.11");

        using var response = await client.GetAsync("/account/reset-password?email=owner%40example.com&code=SECRETCODE123");

        var log = await File.ReadAllTextAsync(store.SiteAccessLog);
        Assert.Contains("/account/reset-password", log, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRETCODE123", log, StringComparison.Ordinal);
        Assert.DoesNotContain("owner", log, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SearchAsync(HttpClient client, string? forgedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/search?q=shirt");
        if (forgedFor is not null) request.Headers.Add("X-Forwarded-For", forgedFor);
        return await client.SendAsync(request);
    }
}
