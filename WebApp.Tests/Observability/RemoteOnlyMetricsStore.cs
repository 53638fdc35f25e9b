namespace WebApp.Tests.Observability;

/// <summary>Metrics for one monitoring host only (not loopback).</summary>
public sealed class RemoteOnlyMetricsStore : MetricsStore
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Metrics:AllowedNetworks:0"] = "192.0.2.10",
    };
}
