using System.Net;

namespace WebApp.Tests.Observability;

/// <summary>Without forwarded headers on, proxy headers cannot be checked, so a request that has them is refused.</summary>
public sealed class UnproxiedMetricsAccessTests(MetricsStore store) : IClassFixture<MetricsStore>
{
    [Fact]
    public async Task A_request_through_an_untrusted_proxy_gets_404_even_from_loopback()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var response = await store.CreateKestrelClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
