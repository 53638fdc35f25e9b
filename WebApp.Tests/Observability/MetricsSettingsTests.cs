using Microsoft.Extensions.Configuration;
using WebApp.Observability;

namespace WebApp.Tests.Observability;

public sealed class MetricsSettingsTests
{
    [Fact]
    public void A_mistyped_allowed_network_stops_the_store_naming_the_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
            ["Metrics:AllowedNetworks:1"] = "10.0.0.300",
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new MetricsAccess(configuration));

        Assert.Contains("\"10.0.0.300\"", error.Message, StringComparison.Ordinal);
    }
}
