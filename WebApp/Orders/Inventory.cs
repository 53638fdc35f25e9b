using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Orders;

/// <summary>A line the store could not serve in full: how many were asked for and how many are left.</summary>
public sealed record ShortLine(int ProductId, string Name, int Requested, int Available);

/// <summary>
/// The only code that changes stock for orders. Callers run it inside their own transaction, so a failed order or a
/// cancelled one leaves stock exactly as it was or exactly restored; the CHECK constraint on Products.Stock is the
/// last line of defence.
/// </summary>
public sealed class Inventory(StoreDbContext db, ICatalogChanges changes)
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

    /// <summary>After the commit: tells the catalogue which products' stock moved (see <see cref="CatalogChange.OnlyStock"/>).</summary>
    public Task PublishAsync(IReadOnlyCollection<int> productIds, CancellationToken ct) =>
        productIds.Count == 0 ? Task.CompletedTask : changes.PublishAsync(CatalogChange.Stock(productIds), ct);
}
