using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace WebApp.Observability;

/// <summary>
/// The readiness answer: overall status and each check's status, reason and time. Exception messages stay in the log
/// (the health check service logs every failing check): a probe's answer may be read by more people than the log.
/// </summary>
public static class HealthReportJson
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", report.Status.ToString());
        json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", entry.Status.ToString());
            // EF's database check uses the exception's message as its description (a SQL error, a file path): not here.
            var description = entry.Exception is { } e && (entry.Description is null || entry.Description == e.Message)
                ? "The check failed; the store's log has the error."
                : entry.Description;
            json.WriteString("description", description);
            json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
            foreach (var (key, value) in entry.Data)
            {
                if (value is long number) json.WriteNumber(key, number);
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }
}
