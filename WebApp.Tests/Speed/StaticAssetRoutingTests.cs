using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Speed;

/// <summary>
/// A store run from a build (the README's <c>dotnet run</c>, the benches) routes as a published one: MapStaticAssets'
/// runtime reloader is off outside Development (<c>ReloadStaticAssetsAtRuntime</c> in appsettings.json). On, it adds a
/// <c>{**path}</c> fallback whose constraint asks the file system whether the path is a file, and the router evaluates
/// it on every request to any page: an lstat each, a quarter of what <c>/healthz</c> cost (README, "Session 25").
/// </summary>
public sealed class StaticAssetRoutingTests(AttackStore store) : IClassFixture<AttackStore>
{
    [Fact]
    public void No_endpoint_asks_the_file_system_on_every_request()
    {
        var endpoints = store.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        Assert.DoesNotContain(endpoints, e => e.RoutePattern.RawText?.Contains("**path", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_post_to_an_address_nothing_serves_is_a_plain_404()
    {
        // With the reloader's GET/HEAD fallback every address had a candidate, so any other method answered 405.
        var response = await store.CreateClient().PostAsync("/no-such-address", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Static_files_are_still_served_fingerprinted_and_cacheable()
    {
        var client = store.CreateClient();
        var home = await client.GetStringAsync("/");
        var css = System.Text.RegularExpressions.Regex.Match(home, "href=\"(/css/site\\.[a-z0-9]+\\.css)\"").Groups[1].Value;

        Assert.NotEmpty(css);
        var response = await client.GetAsync(css);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(".site-header", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The build manifest's own headers for a fingerprinted file: a year, immutable (the reloader sent no-cache).
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }
}
