using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Orders;

/// <summary>
/// A line the store could not serve in full: how many were asked for and how many are left; <paramref name="Sold"/> is
/// false when the product is no longer sold (deactivated or deleted), which no quantity mends.
/// </summary>
public sealed record ShortLine(int ProductId, string Name, int Requested, int Available, bool Sold = true)
{
    /// <summary>What the shopper is told, on the checkout page and in the API's problem alike.</summary>
    public string Message => !Sold ? $"{Name} is no longer sold. Remove it from your cart."
        : Available > 0 ? $"{Name}: only {Available} left, you asked for {Requested}. Lower the quantity in your cart."
        : $"{Name} just sold out. Remove it from your cart.";
}

/// <summary>
/// The only code that changes stock for orders. Callers run it inside their own transaction, so a failed order or a
/// cancelled one leaves stock exactly as it was or exactly restored; the CHECK constraint on Products.Stock is the
/// last line of defence.
/// </summary>
public sealed class Inventory(StoreDbContext db, ICatalogChanges changes, BackInStockMails backInStock)
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
            var left = await db.Products.Where(p => p.Id == productId).Select(p => new { p.IsActive, p.Stock }).FirstOrDefaultAsync(ct);
            shortLines.Add(left is { IsActive: true } ? new ShortLine(productId, name, quantity, left.Stock) : new ShortLine(productId, name, quantity, 0, Sold: false));
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
    /// A stock change made by hand (counted, damaged, restocked): one conditional update, so stock never goes below zero
    /// nor above <see cref="ProductDraft.MaxStock"/> whatever orders do meanwhile, with its <see cref="StockAdjustment"/>
    /// and audit row in the same transaction. It raises the product's version, so an edit form opened before it
    /// conflicts instead of writing an old stock back. Returns the stock after, or null when refused; publishes the change.
    /// </summary>
    public async Task<int?> AdjustAsync(int productId, int delta, string reason, AdminAudit audit, ClaimsPrincipal admin, CancellationToken ct)
    {
        int before, after;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var changed = await db.Products
                .Where(p => p.Id == productId && p.Stock + delta >= 0 && p.Stock + delta <= ProductDraft.MaxStock)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock + delta).SetProperty(p => p.Version, p => p.Version + 1), ct);
            if (changed == 0) return null;
            after = await db.Products.Where(p => p.Id == productId).Select(p => p.Stock).FirstAsync(ct);
            before = after - delta;
            db.StockAdjustments.Add(new StockAdjustment
            {
                ProductId = productId,
                Delta = delta,
                StockAfter = after,
                Reason = reason,
                UserId = admin.FindFirstValue(ClaimTypes.NameIdentifier) ?? "(system)",
                At = DateTime.UtcNow,
            });
            var id = productId.ToString(CultureInfo.InvariantCulture);
            audit.Record(admin, "Updated", nameof(Product), id, nameof(Product.Stock), before.ToString(CultureInfo.InvariantCulture), after.ToString(CultureInfo.InvariantCulture));
            // Under the product, beside the stock it explains: filed under StockAdjustment, the product's trail showed
            // "Stock 10 -> 15" without the reason typed (an outside review, session 51).
            audit.Record(admin, "Adjusted", nameof(Product), id, "StockReason", null, reason);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        await PublishAsync([productId], ct);
        return after;
    }

    /// <summary>
    /// After the commit: tells the catalogue which products' stock moved (see <see cref="CatalogChange.OnlyStock"/>),
    /// and mails whoever waits for one of them that is back in stock.
    /// </summary>
    public async Task PublishAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return;
        await changes.PublishAsync(CatalogChange.Stock(productIds), ct);
        await backInStock.SendDueAsync(productIds, ct);
    }
}
