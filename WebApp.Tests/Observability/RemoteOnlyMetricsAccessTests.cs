using System.Net;

namespace WebApp.Tests.Observability;

public sealed class RemoteOnlyMetricsAccessTests(RemoteOnlyMetricsStore store) : IClassFixture<RemoteOnlyMetricsStore>
{
    [Fact]
    public async Task Loopback_gets_404_when_only_another_address_is_allowed()
    {
        var response = await store.CreateKestrelClient().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
