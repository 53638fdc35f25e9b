using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Orders;

/// <summary>A line the store could not serve in full: how many were asked for and how many are left.</summary>
public sealed record ShortLine(int ProductId, string Name, int Requested, int Available);

/// <summary>
/// The only code that changes stock for orders. Callers run it inside their own transaction, so a failed order or a
/// cancelled one leaves stock exactly as it was or exactly restored; the CHECK constraint on Products.Stock is the
/// last line of defence.
/// </summary>
public sealed class Inventory(StoreDbContext db, ProductFacts facts, CatalogVersion version)
{
    /// <summary>
    /// Takes every line's quantity from stock, each with a conditional decrement that succeeds only if enough is
    /// left at that instant. Returns the lines that could not be served; if any, the caller must roll back.
    /// </summary>
    public async Task<List<ShortLine>> TakeAsync(IEnumerable<(int ProductId, string Name, int Quantity)> lines, CancellationToken ct)
    {
        var shortLines = new List<ShortLine>();
        foreach (var (productId, name, quantity) in lines)
        {
            var taken = await db.Products
                .Where(p => p.Id == productId && p.IsActive && p.Stock >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock - quantity), ct);
            if (taken == 1) continue;
            var left = await db.Products.Where(p => p.Id == productId && p.IsActive).Select(p => (int?)p.Stock).FirstOrDefaultAsync(ct) ?? 0;
            shortLines.Add(new ShortLine(productId, name, quantity, left));
        }
        return shortLines;
    }

    /// <summary>Returns a cancelled or failed order's quantities to stock.</summary>
    public async Task PutBackAsync(IEnumerable<(int ProductId, int Quantity)> lines, CancellationToken ct)
    {
        foreach (var (productId, quantity) in lines)
        {
            await db.Products.Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + quantity), ct);
        }
    }

    /// <summary>
    /// After the commit: search's in-memory facts re-read the changed products. Product cards read stock live, so
    /// cached search answers only go stale when a product crosses zero (the in-stock filter and facet); only then is
    /// the catalogue version bumped, so a busy store does not empty the search cache with every order.
    /// </summary>
    public async Task PublishAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return;
        var before = productIds.ToDictionary(id => id, id => facts.TryGet(id, out var f) && f.Stock > 0);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await facts.RefreshAsync(db.Database.GetDbConnection(), productIds, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        if (productIds.Any(id => before[id] != (facts.TryGet(id, out var f) && f.Stock > 0))) version.Bump();
    }
}
