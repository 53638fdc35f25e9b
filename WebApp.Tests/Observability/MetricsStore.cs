using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Observability;

/// <summary>
/// The store on a real loopback port (the metrics rules are about client addresses, which only a real connection has),
/// with the settings a test class names.
/// </summary>
public class MetricsStore : KestrelStore
{
    protected override int SeedProducts => 60;

    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // Other stores run in this test process at the same time; only this store's own meters count here.
        builder.UseSetting("Metrics:LocalMetersOnly", "true");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>A metric's value in Prometheus text, summed over its label sets (0 when it has no sample yet).</summary>
    public static double Sample(string metrics, string name) =>
        Regex.Matches(metrics, "^" + Regex.Escape(name) + @"(\{[^}]*\})? (\S+)", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
}
