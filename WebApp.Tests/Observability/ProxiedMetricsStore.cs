namespace WebApp.Tests.Observability;

/// <summary>Behind a proxy on loopback, as deployed with nginx; a monitoring network (10.0.0.0/8) may read metrics.</summary>
public sealed class ProxiedMetricsStore : MetricsStore
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["ForwardedHeaders:Enabled"] = "true",
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Metrics:AllowedNetworks:0"] = "127.0.0.1/32",
        ["Metrics:AllowedNetworks:1"] = "10.0.0.0/8",
    };
}
