using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebApp.Data;

namespace WebApp.Observability;

/// <summary>
/// Free space where the database lives (App_Data): SQLite fails every write once the disk is full, and a backup needs
/// about the database's size again. Unhealthy under <c>Health:MinFreeDiskMegabytes</c>, degraded under twice that.
/// </summary>
public sealed class DiskSpaceCheck(IDiskSpace disk, IConfiguration configuration, IHostEnvironment environment) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var minimum = configuration.GetValue("Health:MinFreeDiskMegabytes", 512L);
        var directory = DataDirectory();
        var free = disk.FreeBytes(directory) / (1024 * 1024);
        var data = new Dictionary<string, object> { ["freeMegabytes"] = free, ["minimumMegabytes"] = minimum };
        var result = free < minimum
            ? HealthCheckResult.Unhealthy($"{free} MB free for the database, under the {minimum} MB minimum (Health:MinFreeDiskMegabytes)", data: data)
            : free < 2 * minimum
                ? HealthCheckResult.Degraded($"{free} MB free for the database, under twice the {minimum} MB minimum", data: data)
                : HealthCheckResult.Healthy($"{free} MB free for the database", data);
        return Task.FromResult(result);
    }

    private string DataDirectory()
    {
        var source = new SqliteConnectionStringBuilder(StoreDatabase.ResolveConnectionString(configuration, environment.ContentRootPath)).DataSource;
        return Path.IsPathRooted(source) ? Path.GetDirectoryName(source)! : environment.ContentRootPath;
    }
}
