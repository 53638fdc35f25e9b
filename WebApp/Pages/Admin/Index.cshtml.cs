using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Orders;
using WebApp.Pages.Admin.Orders;
using WebApp.Search;

namespace WebApp.Pages.Admin;

/// <summary>
/// The shop at a glance. Built to stay quick with a million products and many orders: order figures walk the
/// (Status, PlacedAt) index over at most 30 days and best sellers read only those orders' lines, both cached until the next
/// order change (<see cref="SalesFigures"/>); low stock comes from
/// search's in-memory facts (never a scan of Products), and the rest are short indexed reads.
/// </summary>
public sealed class IndexModel(StoreDbContext db, SalesFigures sales, OrderWorkflow workflow, ProductFacts facts, SearchCache cache, MailLinks links, TimeProvider clock, WebApp.Backups.StoreBackups backups) : PageModel
{
    public const int LowStockLevel = 5;
    public const int ListLength = 10;

    /// <summary>A card order still Placed and unrecorded after this long was left behind by a process that died mid-checkout.</summary>
    public static readonly TimeSpan UnpaidAfter = WebApp.Orders.OrderWorkflow.PaymentWindow;

    public sealed record Period(string Label, string Key, int Orders, long RevenueCents);
    public sealed record OrderRow(int Id, DateTime PlacedAt, string Email, OrderStatus Status, string PaymentMethod, long TotalCents);
    public sealed record StockRow(int Id, string Name, string Sku, int Stock);
    public sealed record SellerRow(int ProductId, string Name, int Quantity);
    public sealed record MissRow(string Query, int Count);

    public IReadOnlyList<Period> Periods { get; private set; } = [];
    public RevenueChart Chart { get; private set; } = new([]);
    public int ToShipCount { get; private set; }
    public IReadOnlyList<OrderRow> ToShip { get; private set; } = [];
    public IReadOnlyList<OrderRow> Unpaid { get; private set; } = [];
    public int LowStockCount { get; private set; }
    public IReadOnlyList<StockRow> LowStock { get; private set; } = [];
    public IReadOnlyList<SellerRow> BestSellers { get; private set; } = [];
    public IReadOnlyList<OrderRow> Recent { get; private set; } = [];
    public IReadOnlyList<MissRow> SearchMisses { get; private set; } = [];
    public (long Hits, long Misses) CacheLookups { get; private set; }
    public int CacheEntries { get; private set; }
    public int ActiveProducts { get; private set; }
    public int Users { get; private set; }

    /// <summary>The latest backup attempt (verb or schedule); null when there never was one.</summary>
    public WebApp.Backups.LastBackup? LastBackup { get; private set; }

    public bool BackupsScheduled { get; private set; }

    public double? CacheHitRatio => CacheLookups.Hits + CacheLookups.Misses == 0 ? null : CacheLookups.Hits / (double)(CacheLookups.Hits + CacheLookups.Misses);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var since = today.AddDays(-29).ToDateTime(TimeOnly.MinValue);
        var month = await sales.ForMonthEndingAsync(today, ListLength, ct);
        ReadSales(today, month);
        await ReadOrdersToActOnAsync(now, ct);
        await ReadLowStockAsync(ct);

        var sold = month.BestSellers;
        var soldIds = sold.Select(s => s.ProductId).ToList();
        var names = await db.Products.AsNoTracking().Where(p => soldIds.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        BestSellers = [.. sold.Select(s => new SellerRow(s.ProductId, names.GetValueOrDefault(s.ProductId, $"Product {s.ProductId}"), s.Quantity))];
        Recent = await Rows(db.Orders.OrderByDescending(o => o.Id)).Take(ListLength).ToListAsync(ct);
        SearchMisses = await db.SearchMisses.AsNoTracking().Where(m => m.LastSeen >= since)
            .OrderByDescending(m => m.Count).ThenBy(m => m.Query).Take(ListLength)
            .Select(m => new MissRow(m.Query, m.Count)).ToListAsync(ct);
        CacheLookups = cache.Lookups;
        CacheEntries = cache.Entries;
        ActiveProducts = facts.Count;
        Users = await db.Users.CountAsync(ct);
        LastBackup = backups.Last;
        BackupsScheduled = backups.Directory is not null;
        Response.Headers["Server-Timing"] = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"dashboard;dur={System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
    }

    public async Task<IActionResult> OnPostCheckPaymentAsync(int id, CancellationToken ct)
    {
        var (message, isError) = await ShowModel.CheckPaymentAsync(workflow, id, User, ct);
        Flash.Set(TempData, message, isError);
        return Redirect("/admin#unpaid");
    }

    public async Task<IActionResult> OnPostCancelUnpaidAsync(int id, CancellationToken ct)
    {
        var problem = await workflow.CancelAsync(id, "No card payment was recorded", User, links.Link(Request, ""), ct);
        Flash.Set(TempData, problem ?? $"Order #{id} is cancelled and its stock is back.", problem is not null);
        return Redirect("/admin#unpaid");
    }

    private void ReadSales(DateOnly today, SalesFigures.Month month)
    {
        var perDay = month.PerDay;
        var days = Enumerable.Range(0, 30).Select(n => today.AddDays(n - 29)).Select(day =>
        {
            var key = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var rows = perDay.Where(r => r.Day == key).ToList();
            return new RevenueChart.Day(day, rows.Sum(r => r.Orders), rows.Where(r => !r.Cancelled).Sum(r => r.Revenue));
        }).ToList();
        Chart = new RevenueChart(days);
        Periods =
        [
            Sum("Today", "today", 1),
            Sum("Last 7 days", "7d", 7),
            Sum("Last 30 days", "30d", 30),
        ];

        Period Sum(string label, string key, int count)
        {
            var span = days.TakeLast(count).ToList();
            return new Period(label, key, span.Sum(d => d.Orders), span.Sum(d => d.RevenueCents));
        }
    }

    private async Task ReadOrdersToActOnAsync(DateTime now, CancellationToken ct)
    {
        var onDelivery = workflow.OnDeliveryMethods;
        var paid = db.Orders.Where(o => o.Status == OrderStatus.Paid);
        var placedOnDelivery = db.Orders.Where(o => o.Status == OrderStatus.Placed && onDelivery.Contains(o.PaymentMethod));
        // Counted and listed apart, then merged: each half walks (Status, PlacedAt), where the OR reads and sorts every order.
        ToShipCount = await paid.CountAsync(ct) + await placedOnDelivery.CountAsync(ct);
        ToShip = [.. (await Rows(paid.OrderBy(o => o.PlacedAt)).Take(ListLength).ToListAsync(ct))
            .Concat(await Rows(placedOnDelivery.OrderBy(o => o.PlacedAt)).Take(ListLength).ToListAsync(ct))
            .OrderBy(o => o.PlacedAt).ThenBy(o => o.Id).Take(ListLength)];

        var cards = workflow.CardMethods;
        var cutoff = now - UnpaidAfter;
        Unpaid = await Rows(db.Orders
                .Where(o => o.Status == OrderStatus.Placed && o.PlacedAt < cutoff && cards.Contains(o.PaymentMethod) && o.PaymentReference == null)
                .OrderBy(o => o.PlacedAt))
            .Take(ListLength).ToListAsync(ct);
    }

    /// <summary>One pass over the facts keeping the first few ids at each stock level from 0 up: no sort, no Products scan.</summary>
    private async Task ReadLowStockAsync(CancellationToken ct)
    {
        var (all, active) = facts.Snapshot();
        var levels = new List<int>[LowStockLevel + 1];
        for (var i = 0; i < levels.Length; i++) levels[i] = [];
        var count = 0;
        for (var id = 0; id < Math.Min(all.Length, active.Length); id++)
        {
            if (!active[id]) continue;
            var stock = all[id].Stock;
            if (stock > LowStockLevel) continue;
            count++;
            if (levels[stock].Count < ListLength) levels[stock].Add(id);
        }
        LowStockCount = count;
        var ids = levels.SelectMany(l => l).Take(ListLength).ToList();
        var rows = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new StockRow(p.Id, p.Name, p.Sku, p.Stock)).ToListAsync(ct);
        LowStock = [.. rows.OrderBy(r => r.Stock).ThenBy(r => r.Id)];
    }

    private static IQueryable<OrderRow> Rows(IQueryable<Order> orders) =>
        orders.AsNoTracking().Select(o => new OrderRow(o.Id, o.PlacedAt, o.Email, o.Status, o.PaymentMethod, o.TotalCents));
}
