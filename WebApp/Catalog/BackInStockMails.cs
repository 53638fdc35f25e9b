using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Mail;

namespace WebApp.Catalog;

/// <summary>
/// Back-in-stock requests: stored when a shopper asks, mailed when stock returns. Every path that raises stock
/// (adjustments and cancelled or failed orders through <see cref="Orders.Inventory"/>, the CSV import) calls
/// <see cref="SendDueAsync"/> after its commit; each request is claimed with a conditional update before its mail is
/// queued, so two paths racing, or one calling twice, send it once.
/// </summary>
public sealed class BackInStockMails(StoreDbContext db, IEmailSender mail, MailLayout layout, TimeProvider clock, ILogger<BackInStockMails> logger)
{
    public enum Outcome { Stored, NotOutOfStock, NotFound }

    /// <summary>
    /// Stores the request unless the same address already waits for this product. The caller answers the same either
    /// way, so the form tells nobody who has asked; nothing is mailed now, so it cannot be used to send mail.
    /// </summary>
    public async Task<Outcome> RequestAsync(int productId, string email, string productLink, CancellationToken ct)
    {
        var stock = await db.Products.Where(p => p.Id == productId && p.IsActive).Select(p => (int?)p.Stock).FirstOrDefaultAsync(ct);
        if (stock is null) return Outcome.NotFound;
        if (stock > 0) return Outcome.NotOutOfStock;
        var normalized = Normalize(email);
        var now = clock.GetUtcNow().UtcDateTime;
        // OR IGNORE: the unique index over pending rows makes a second request for the same address a no-op, also when two arrive at once.
        await db.Database.ExecuteSqlAsync($"""
            INSERT OR IGNORE INTO BackInStockRequests (ProductId, Email, ProductLink, CreatedAt, NotifiedAt)
            VALUES ({productId}, {normalized}, {productLink}, {now}, NULL)
            """, ct);
        return Outcome.Stored;
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Mails every pending request for these products that are in stock now, once each. Never throws for mail.</summary>
    public async Task SendDueAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return;
        // An order's few products go through the (ProductId, Email) index; an import's many are matched in memory
        // against the pending requests instead, which are few next to the products an import touches.
        var pending = db.BackInStockRequests.AsNoTracking().Where(r => r.NotifiedAt == null);
        if (productIds.Count <= 100) pending = pending.Where(r => productIds.Contains(r.ProductId));
        var due = await pending
            .Join(db.Products.Where(p => p.IsActive && p.Stock > 0), r => r.ProductId, p => p.Id, (r, p) => new { r.Id, r.ProductId, r.Email, r.ProductLink, p.Name })
            .ToListAsync(ct);
        if (due.Count == 0) return;
        var changed = productIds as IReadOnlySet<int> ?? productIds.ToHashSet();
        foreach (var request in due.Where(r => changed.Contains(r.ProductId)))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.BackInStockRequests.Where(r => r.Id == request.Id && r.NotifiedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.NotifiedAt, now), ct);
            if (claimed == 0) continue;
            logger.LogInformation("Back-in-stock mail for product {ProductId} queued", request.ProductId);
            await mail.SendAsync(layout.Compose(request.Email,
                $"{request.Name} is back in stock at {layout.StoreName}",
                $"{request.Name} is back in stock",
                new MailBody()
                    .Paragraph($"You asked us to tell you when {request.Name} is back. It is in stock now, while it lasts.")
                    .Action("See the product", request.ProductLink)
                    .Paragraph("We mail you once for this request; ask again on the product page if it sells out before you get to it.")), ct);
        }
    }
}
