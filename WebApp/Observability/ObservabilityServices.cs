using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.Metrics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using WebApp.Data;

namespace WebApp.Observability;

/// <summary>What the store tells its operator: logs, metrics, health, and how it stops.</summary>
public static class ObservabilityServices
{
    private const string Ready = "ready";

    /// <summary>Meter name prefixes exported at /metrics: every WebApp.* meter and ASP.NET Core's own.</summary>
    private static readonly string[] ExportedMeters =
    [
        "WebApp", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting",
    ];

    public static WebApplicationBuilder AddStoreObservability(this WebApplicationBuilder builder)
    {
        // One JSON object a line on stdout outside Development, for journald and log shippers; Development keeps the
        // readable console. Scopes carry the trace and span ids onto every line a request writes.
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.IncludeScopes = true;
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }

        // On SIGTERM the server stops taking connections, lets requests in flight finish, then background services
        // stop; all of it within this time, after which the rest is abandoned. systemd's TimeoutStopSec must be longer.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = builder.Configuration.GetValue("Host:ShutdownTimeout", TimeSpan.FromSeconds(25)));

        builder.Services.AddSingleton<StoreMetrics>();
        builder.Services.AddSingleton<MetricsAccess>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("WebApp"))
            // Scrapes come from a few allowed addresses; each gets current figures rather than a copy up to 300 ms old.
            .WithMetrics(metrics => metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        // Which meters reach the exporter, as metrics rules rather than the SDK's AddMeter, because a rule can also say
        // whose meters: Metrics:LocalMetersOnly keeps to those this app's own IMeterFactory made, for a process that
        // runs several stores side by side (the tests), where one store's counts would otherwise leak into another's.
        var scopes = builder.Configuration.GetValue("Metrics:LocalMetersOnly", false) ? MeterScope.Local : MeterScope.Global | MeterScope.Local;
        foreach (var meter in ExportedMeters) builder.Metrics.EnableMetrics(meter, instrumentName: null, listenerName: "OpenTelemetry", scopes);

        builder.Services.AddSingleton<IDiskSpace, DriveDiskSpace>();
        builder.Services.AddHealthChecks()
            // A real read, not just "can open a file": SQLite creates a missing database on open.
            .AddDbContextCheck<StoreDbContext>("database", tags: [Ready], customTestQuery: async (db, ct) =>
            {
                await db.Products.AsNoTracking().Select(p => p.Id).FirstOrDefaultAsync(ct);
                return true;
            })
            .AddCheck<DiskSpaceCheck>("disk", tags: [Ready])
            .AddCheck<SearchIndexCheck>("search", tags: [Ready]);
        return builder;
    }

    /// <summary>
    /// First in the pipeline, before forwarded headers rewrite the client address: the request log, and what the
    /// request looked like on arrival (which <see cref="MetricsAccess"/> needs).
    /// </summary>
    public static IApplicationBuilder UseStoreRequestLog(this IApplicationBuilder app) => app.UseRequestLog();

    /// <summary>
    /// <c>/metrics</c> for allowed clients, after forwarded headers (the real client) and before HTTPS redirection (a
    /// scraper on loopback speaks plain HTTP); anyone else falls through to the ordinary 404.
    /// </summary>
    public static IApplicationBuilder UseStoreMetricsEndpoint(this IApplicationBuilder app)
    {
        var access = app.ApplicationServices.GetRequiredService<MetricsAccess>();
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && access.Allows(context));
    }

    /// <summary><c>/healthz</c>: the process answers (liveness, no I/O). <c>/healthz/ready</c>: it can serve (database, disk, search).</summary>
    public static IEndpointRouteBuilder MapStoreHealth(this IEndpointRouteBuilder endpoints)
    {
        // A probe reads: GET and HEAD. Health checks otherwise answer any method, and a POST that reports "Healthy"
        // tells a scanner the address does something it does not.
        HttpMethodMetadata probe = new([HttpMethods.Get, HttpMethods.Head]);
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(probe);
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = HealthReportJson.WriteAsync })
            .WithMetadata(probe);
        return endpoints;
    }
}
