using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using WebApp.Security;

namespace WebApp.Tests.Deploy;

/// <summary>
/// Whose X-Forwarded-For and X-Forwarded-Proto the store believes: only the configured proxy's. Requests are sent
/// through the in-memory server with the connection's address set, so any caller can be played.
/// </summary>
public sealed class ForwardedHeadersTests(ForwardingProxyStore store) : IClassFixture<ForwardingProxyStore>
{
    [Fact]
    public async Task A_caller_that_is_not_the_proxy_cannot_borrow_other_addresses_or_claim_https()
    {
        const string intruder = "198.51.100.7";
        var answers = new List<HttpContext>();
        for (var i = 0; i <= ForwardingProxyStore.SearchLimit; i++)
        {
            answers.Add(await SearchAsync(from: intruder, forwardedFor: $"203.0.113.{i + 1}", forwardedProto: "https"));
        }

        // A fresh made-up address per request did not buy a fresh budget, and the scheme stayed http (no HSTS).
        Assert.Equal([200, 200, 429], answers.Select(a => a.Response.StatusCode));
        Assert.All(answers, a => Assert.False(a.Response.Headers.ContainsKey("Strict-Transport-Security")));
        var refusal = Assert.Single(store.Logs.Entries, e => e.EventId == SecurityEvents.RateLimited && e.Message.Contains(intruder, StringComparison.Ordinal));
        Assert.DoesNotContain("203.0.113.", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_the_configured_proxy_each_forwarded_client_has_its_own_budget_and_https_is_seen()
    {
        var first = new List<HttpContext>();
        for (var i = 0; i <= ForwardingProxyStore.SearchLimit; i++)
        {
            first.Add(await SearchAsync(from: ForwardingProxyStore.Proxy, forwardedFor: "192.0.2.10", forwardedProto: "https"));
        }
        var second = await SearchAsync(from: ForwardingProxyStore.Proxy, forwardedFor: "192.0.2.20", forwardedProto: "https");

        Assert.Equal([200, 200, 429], first.Select(a => a.Response.StatusCode));
        Assert.Equal(200, second.Response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", second.Response.Headers.StrictTransportSecurity.ToString());
        Assert.Contains(store.Logs.Entries, e => e.EventId == SecurityEvents.RateLimited && e.Message.Contains("192.0.2.10", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_ipv6_client_cannot_buy_fresh_budgets_by_rotating_addresses_within_its_64()
    {
        var rotating = new List<HttpContext>();
        for (var i = 0; i <= ForwardingProxyStore.SearchLimit; i++)
        {
            rotating.Add(await SearchAsync(from: ForwardingProxyStore.Proxy, forwardedFor: $"2001:db8:aa:1::{i + 1:x}", forwardedProto: "https"));
        }
        var otherSubscriber = await SearchAsync(from: ForwardingProxyStore.Proxy, forwardedFor: "2001:db8:aa:2::1", forwardedProto: "https");

        Assert.Equal([200, 200, 429], rotating.Select(a => a.Response.StatusCode));
        Assert.Equal(200, otherSubscriber.Response.StatusCode);
    }

    [Fact]
    public void Loopback_is_the_only_proxy_trusted_by_default_and_naming_proxies_replaces_it()
    {
        var byDefault = Options([]);
        var named = Options(new() { ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.1", ["ForwardedHeaders:KnownNetworks:0"] = "10.8.0.0/16" });

        Assert.Equal(["127.0.0.1", "::1"], byDefault.KnownProxies.Select(p => p.ToString()));
        Assert.Empty(byDefault.KnownIPNetworks);
        Assert.Equal(["10.0.0.1"], named.KnownProxies.Select(p => p.ToString()));
        Assert.Equal(["10.8.0.0/16"], named.KnownIPNetworks.Select(n => n.ToString()));
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, named.ForwardedHeaders);
        var wrong = Assert.Throws<InvalidOperationException>(() => Options(new() { ["ForwardedHeaders:KnownProxies:0"] = "nginx.local" }));
        Assert.Contains("ForwardedHeaders:KnownProxies", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Options(new() { ["ForwardedHeaders:KnownNetworks:0"] = "10.8.0.0" }));
    }

    private Task<HttpContext> SearchAsync(string from, string forwardedFor, string forwardedProto) =>
        store.Server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("store.example");
            context.Request.Path = "/search";
            context.Request.QueryString = new QueryString("?q=shirt");
            context.Connection.RemoteIpAddress = IPAddress.Parse(from);
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            context.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
        });

    private static ForwardedHeadersOptions Options(Dictionary<string, string?> settings)
    {
        var options = new ForwardedHeadersOptions();
        SecurityServices.ForwardedHeadersFrom(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), options);
        return options;
    }
}
