using System.Diagnostics.Metrics;

namespace WebApp.Backups;

/// <summary>
/// <c>webapp.backup.age</c>: seconds since the last successful backup (verb or schedule), on the <c>WebApp.Backups</c>
/// meter. Nothing is reported before the first one, so an alert on "absent" and one on "too old" both work.
/// </summary>
public sealed class BackupMetrics
{
    public const string MeterName = "WebApp.Backups";

    public BackupMetrics(IMeterFactory meters, StoreBackups backups, TimeProvider clock)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("webapp.backup.age", () => backups.Last?.LastSuccessAt is { } at
            ? [new Measurement<double>((clock.GetUtcNow() - at).TotalSeconds)]
            : Array.Empty<Measurement<double>>(), unit: "s", description: "Seconds since the last successful database backup");
    }
}
