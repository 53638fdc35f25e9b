using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Admin;

/// <summary>
/// The dashboard's month of sales per day and its best sellers: the two figures that would read every order and line of
/// the last 30 days. They are read in full once (<see cref="SalesLedger"/> keeps them), then brought up to date from
/// the order status changes written since: placing an order and every move (paid, shipped, cancelled) writes one, so a
/// new order is added, a cancelled one moved to the cancelled column and its items taken out of the best sellers, and
/// nothing else needs reading. A new UTC day drops the day that left the window. Each update reads one snapshot of the
/// database (a deferred transaction), so a change is counted exactly once.
/// </summary>
public sealed class SalesFigures(StoreDbContext db, SalesLedger ledger)
{
    public sealed record DaySales(string Day, bool Cancelled, int Orders, long Revenue);
    public sealed record Sold(int ProductId, int Quantity);
    public sealed record Month(IReadOnlyList<DaySales> PerDay, IReadOnlyList<Sold> BestSellers);

    private const string Cancelled = nameof(OrderStatus.Cancelled);

    public async Task<Month> ForMonthEndingAsync(DateOnly today, int bestSellers, CancellationToken ct)
    {
        await ledger.Gate.WaitAsync(ct);
        try
        {
            var since = Day(today.AddDays(-29));
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                var connection = (SqliteConnection)db.Database.GetDbConnection();
                await using var snapshot = connection.BeginTransaction(deferred: true);
                if (!ledger.Built || today < ledger.Today)
                {
                    await RebuildAsync(connection, snapshot, since, ct);
                }
                else if (today > ledger.Today)
                {
                    DropBefore(since);
                }
                ledger.Today = today;
                await CatchUpAsync(connection, snapshot, since, ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
            if (ledger.Month is not { } month || month.BestSellers != bestSellers) ledger.Month = month = (bestSellers, Snapshot(bestSellers));
            return month.Figures;
        }
        catch
        {
            // Half-applied figures must not be served: the next request reads the month again.
            ledger.Clear();
            throw;
        }
        finally
        {
            ledger.Gate.Release();
        }
    }

    /// <summary>The figures as the dashboard shows them; best sellers by one pass over the month's products, no sort.</summary>
    private Month Snapshot(int bestSellers)
    {
        var top = new List<Sold>(bestSellers + 1);
        foreach (var (product, quantity) in ledger.Sold)
        {
            if (quantity <= 0 || (top.Count == bestSellers && !Before(quantity, product, top[^1]))) continue;
            var at = top.FindIndex(t => Before(quantity, product, t));
            top.Insert(at < 0 ? top.Count : at, new Sold(product, quantity));
            if (top.Count > bestSellers) top.RemoveAt(top.Count - 1);
        }
        var perDay = ledger.PerDay.Where(d => d.Value.Orders > 0).Select(d => new DaySales(d.Key.Day, d.Key.Cancelled, d.Value.Orders, d.Value.Revenue)).ToList();
        return new Month(perDay, top);
    }

    private static bool Before(int quantity, int productId, Sold other) =>
        quantity > other.Quantity || (quantity == other.Quantity && productId < other.ProductId);

    private async Task RebuildAsync(SqliteConnection connection, SqliteTransaction snapshot, string since, CancellationToken ct)
    {
        ledger.Clear();
        ledger.Version = Convert.ToInt32(await ScalarAsync(connection, snapshot, "SELECT coalesce(max(Id), 0) FROM OrderStatusChanges", ct), System.Globalization.CultureInfo.InvariantCulture);
        await using (var cmd = Command(connection, snapshot, SalesSql, since))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) ledger.PerDay[(reader.GetString(0), reader.GetBoolean(1))] = (reader.GetInt32(2), reader.GetInt64(3));
        }
        await using (var cmd = Command(connection, snapshot, LinesSql, since))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) AddSold(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2));
        }
        ledger.Built = true;
    }

    private void DropBefore(string since)
    {
        foreach (var key in ledger.PerDay.Keys.Where(k => string.CompareOrdinal(k.Day, since) < 0).ToList()) ledger.PerDay.Remove(key);
        foreach (var day in ledger.SoldPerDay.Keys.Where(d => string.CompareOrdinal(d, since) < 0).ToList())
        {
            foreach (var (product, quantity) in ledger.SoldPerDay[day]) ledger.Sold[product] -= quantity;
            ledger.SoldPerDay.Remove(day);
        }
        ledger.Month = null;
    }

    /// <summary>Counts every status change written since the last one counted: new orders in, cancelled ones moved.</summary>
    private async Task CatchUpAsync(SqliteConnection connection, SqliteTransaction snapshot, string since, CancellationToken ct)
    {
        var changes = new List<(int Id, int OrderId, string Status, string? Before, string Day, long Total)>();
        await using (var cmd = Command(connection, snapshot, ChangesSql, since))
        {
            cmd.Parameters.AddWithValue("$version", ledger.Version);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                changes.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetInt64(5)));
            }
        }
        if (changes.Count == 0) return;

        var sold = new List<(int OrderId, string Day, int Sign)>();
        foreach (var change in changes)
        {
            if (string.CompareOrdinal(change.Day, since) < 0) continue;
            var cancelled = change.Status == Cancelled;
            if (change.Before is null)
            {
                Add(change.Day, cancelled, 1, change.Total);
                if (!cancelled) sold.Add((change.OrderId, change.Day, 1));
            }
            else if ((change.Before == Cancelled) != cancelled)
            {
                Add(change.Day, !cancelled, -1, -change.Total);
                Add(change.Day, cancelled, 1, change.Total);
                sold.Add((change.OrderId, change.Day, cancelled ? -1 : 1));
            }
        }
        if (sold.Count > 0)
        {
            var lines = new Dictionary<int, List<(int ProductId, int Quantity)>>();
            await using (var cmd = Command(connection, snapshot, "SELECT OrderId, ProductId, Quantity FROM OrderLines WHERE OrderId IN (SELECT value FROM json_each($ids))", since))
            {
                cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(sold.Select(s => s.OrderId).Distinct()));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    if (!lines.TryGetValue(reader.GetInt32(0), out var list)) lines[reader.GetInt32(0)] = list = [];
                    list.Add((reader.GetInt32(1), reader.GetInt32(2)));
                }
            }
            foreach (var (orderId, day, sign) in sold)
            {
                foreach (var (productId, quantity) in lines.GetValueOrDefault(orderId) ?? []) AddSold(day, productId, sign * quantity);
            }
        }
        ledger.Version = changes[^1].Id;
        ledger.Month = null;
    }

    private void Add(string day, bool cancelled, int orders, long revenue)
    {
        var (o, r) = ledger.PerDay.GetValueOrDefault((day, cancelled));
        ledger.PerDay[(day, cancelled)] = (o + orders, r + revenue);
    }

    private void AddSold(string day, int productId, int quantity)
    {
        if (!ledger.SoldPerDay.TryGetValue(day, out var products)) ledger.SoldPerDay[day] = products = [];
        products[productId] = products.GetValueOrDefault(productId) + quantity;
        ledger.Sold[productId] = ledger.Sold.GetValueOrDefault(productId) + quantity;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction snapshot, string sql, string since)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = snapshot;
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$since", since);
        return cmd;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction snapshot, string sql, CancellationToken ct)
    {
        await using var cmd = Command(connection, snapshot, sql, "");
        return await cmd.ExecuteScalarAsync(ct);
    }

    // The statuses are the enum's own names (no input reaches this text); naming them all lets SQLite walk (Status, PlacedAt).
    // PlacedAt is stored as text whose first ten characters are the UTC day, which is what the figures group by.
    private static readonly string AllStatuses = string.Join(", ", Enum.GetValues<OrderStatus>().Select(s => "'" + s + "'"));
    private static readonly string NotCancelled = string.Join(", ", Enum.GetValues<OrderStatus>().Where(s => s != OrderStatus.Cancelled).Select(s => "'" + s + "'"));

    private static readonly string SalesSql =
        "SELECT substr(PlacedAt, 1, 10) AS Day, Status = 'Cancelled' AS Cancelled, count(*) AS Orders, coalesce(sum(TotalCents), 0) AS Revenue " +
        $"FROM Orders WHERE Status IN ({AllStatuses}) AND PlacedAt >= $since GROUP BY 1, 2";

    private static readonly string LinesSql =
        "SELECT substr(o.PlacedAt, 1, 10), l.ProductId, l.Quantity FROM Orders o JOIN OrderLines l ON l.OrderId = o.Id " +
        $"WHERE o.Status IN ({NotCancelled}) AND o.PlacedAt >= $since";

    // Each change with the status its order had before it (none: the order was just placed); those of orders placed
    // before the window are read (so the version moves past them) and skipped.
    private const string ChangesSql = """
        SELECT c.Id, c.OrderId, c.Status,
            (SELECT p.Status FROM OrderStatusChanges p WHERE p.OrderId = c.OrderId AND p.Id < c.Id ORDER BY p.Id DESC LIMIT 1),
            substr(o.PlacedAt, 1, 10), o.TotalCents
        FROM OrderStatusChanges c JOIN Orders o ON o.Id = c.OrderId
        WHERE c.Id > $version
        ORDER BY c.Id
        """;
}
