using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Admin;

/// <summary>
/// The dashboard's month of sales per day and its best sellers: the two figures that read every order and line of the
/// last 30 days. They are cached under the day and the newest order status change, and every order placed and every
/// move (paid, shipped, cancelled) writes one, so a cached answer is never stale: it is dropped by the next change.
/// </summary>
public sealed class SalesFigures(StoreDbContext db, IMemoryCache cache)
{
    public sealed record DaySales(string Day, bool Cancelled, int Orders, long Revenue);
    public sealed record Sold(int ProductId, int Quantity);
    public sealed record Month(IReadOnlyList<DaySales> PerDay, IReadOnlyList<Sold> BestSellers);

    public async Task<Month> ForMonthEndingAsync(DateOnly today, int bestSellers, CancellationToken ct)
    {
        var version = await db.OrderStatusChanges.MaxAsync(h => (int?)h.Id, ct) ?? 0;
        var key = (nameof(SalesFigures), today, version, bestSellers);
        if (cache.TryGetValue(key, out Month? month) && month is not null) return month;

        var since = today.AddDays(-29).ToDateTime(TimeOnly.MinValue);
        var perDay = await db.Database.SqlQueryRaw<DayRow>(SalesSql, new Microsoft.Data.Sqlite.SqliteParameter("@since", since)).ToListAsync(ct);
        // Grouped by id alone (names would ride through the grouping of every line); the caller reads the few names.
        var sold = await db.OrderLines
            .Join(db.Orders.Where(o => NotCancelled.Contains(o.Status) && o.PlacedAt >= since), l => l.OrderId, o => o.Id, (l, o) => l)
            .GroupBy(l => l.ProductId)
            .Select(g => new { ProductId = g.Key, Quantity = g.Sum(l => l.Quantity) })
            .OrderByDescending(s => s.Quantity).ThenBy(s => s.ProductId).Take(bestSellers)
            .ToListAsync(ct);
        month = new Month([.. perDay.Select(r => new DaySales(r.Day, r.Cancelled, r.Orders, r.Revenue))], [.. sold.Select(s => new Sold(s.ProductId, s.Quantity))]);
        // Superseded entries are never read again; the expiry only returns their memory.
        cache.Set(key, month, TimeSpan.FromMinutes(10));
        return month;
    }

    // Every status but Cancelled, named so SQLite walks (Status, PlacedAt) for each instead of reading every order.
    private static readonly OrderStatus[] NotCancelled = [.. Enum.GetValues<OrderStatus>().Where(s => s != OrderStatus.Cancelled)];

    // The statuses are the enum's own names (no input reaches this text); naming them all lets SQLite walk (Status, PlacedAt).
    // Raw SQL for the day: EF spells PlacedAt.Date as strftime and two rtrims per row, which costs more than the read
    // itself over a month of orders; the stored text's first ten characters are the UTC day already.
    private static readonly string SalesSql =
        "SELECT substr(PlacedAt, 1, 10) AS Day, Status = 'Cancelled' AS Cancelled, count(*) AS Orders, coalesce(sum(TotalCents), 0) AS Revenue " +
        "FROM Orders WHERE Status IN (" + string.Join(", ", Enum.GetValues<OrderStatus>().Select(s => "'" + s + "'")) + ") AND PlacedAt >= @since GROUP BY 1, 2";

    private sealed class DayRow
    {
        public required string Day { get; init; }
        public bool Cancelled { get; init; }
        public int Orders { get; init; }
        public long Revenue { get; init; }
    }
}
