using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Observability;

/// <summary>
/// Search can answer: the full-text index takes a query (one term, at most one row: a lookup, never a scan), and the
/// in-memory product facts that filter and sort every search are loaded whenever the catalogue has active products.
/// </summary>
public sealed class SearchIndexCheck(StoreDbContext db, ProductFacts facts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        bool anyActive;
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM (SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH 'ready' LIMIT 1)";
            await cmd.ExecuteScalarAsync(cancellationToken);
            cmd.CommandText = "SELECT EXISTS (SELECT 1 FROM Products WHERE IsActive = 1)";
            anyActive = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy("The full-text index did not answer a query", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (anyActive && facts.Count == 0)
        {
            return HealthCheckResult.Unhealthy("The product facts are not loaded: every search would come back empty");
        }
        return HealthCheckResult.Healthy($"{facts.Count} products in memory");
    }
}
