using System.Security.Cryptography;
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
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(BackInStockRequest.StopTokenLength / 2));
        // OR IGNORE: the unique index over pending rows makes a second request for the same address a no-op, also when two arrive at once.
        await db.Database.ExecuteSqlAsync($"""
            INSERT OR IGNORE INTO BackInStockRequests (ProductId, Email, ProductLink, StopToken, CreatedAt, NotifiedAt)
            VALUES ({productId}, {normalized}, {productLink}, {token}, {now}, NULL)
            """, ct);
        return Outcome.Stored;
    }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Whether this address waits for this product (a signed-in shopper's own address: the page then offers "Cancel").</summary>
    public Task<bool> IsWaitingAsync(int productId, string email, CancellationToken ct)
    {
        var normalized = Normalize(email);
        return db.BackInStockRequests.AnyAsync(r => r.ProductId == productId && r.Email == normalized && r.NotifiedAt == null, ct);
    }

    public sealed record Waiting(int ProductId, string ProductName, string ProductSlug, DateTime CreatedAt);

    /// <summary>The address's pending requests, oldest first, for the account page.</summary>
    public Task<List<Waiting>> WaitingForAsync(string email, CancellationToken ct)
    {
        var normalized = Normalize(email);
        return db.BackInStockRequests.AsNoTracking().Where(r => r.Email == normalized && r.NotifiedAt == null)
            .Join(db.Products, r => r.ProductId, p => p.Id, (r, p) => new { r.Id, r.CreatedAt, ProductId = p.Id, p.Name, p.Slug })
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .Select(w => new Waiting(w.ProductId, w.Name, w.Slug, w.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>A signed-in shopper cancels their pending request for a product; false when there was none.</summary>
    public async Task<bool> CancelAsync(int productId, string email, CancellationToken ct)
    {
        var normalized = Normalize(email);
        return await db.BackInStockRequests.Where(r => r.ProductId == productId && r.Email == normalized && r.NotifiedAt == null).ExecuteDeleteAsync(ct) > 0;
    }

    /// <summary>Every request of the address, pending or mailed (deleting an account; inside its transaction).</summary>
    public Task<int> ForgetAddressAsync(string email, CancellationToken ct)
    {
        var normalized = Normalize(email);
        return db.BackInStockRequests.Where(r => r.Email == normalized).ExecuteDeleteAsync(ct);
    }

    /// <summary>The product a stop link names, or null for a used or unknown link (looked up, not stopped: the GET only asks).</summary>
    public Task<string?> ProductOfStopLinkAsync(string? token, CancellationToken ct) => !IsStopToken(token)
        ? Task.FromResult<string?>(null)
        : db.BackInStockRequests.Where(r => r.StopToken == token)
            .Join(db.Products, r => r.ProductId, p => p.Id, (r, p) => p.Name).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Removes the request a stop link names, pending or already mailed (its history goes too), and any request of the same
    /// address for the same product made since: to whoever got the mail, "this request" is "mail me about this product".
    /// False for a used or unknown link.
    /// </summary>
    public async Task<bool> StopAsync(string? token, CancellationToken ct)
    {
        if (!IsStopToken(token)) return false;
        var named = await db.BackInStockRequests.Where(r => r.StopToken == token).Select(r => new { r.ProductId, r.Email }).FirstOrDefaultAsync(ct);
        if (named is null) return false;
        return await db.BackInStockRequests
            .Where(r => r.StopToken == token || (r.ProductId == named.ProductId && r.Email == named.Email && r.NotifiedAt == null))
            .ExecuteDeleteAsync(ct) > 0;
    }

    private static bool IsStopToken(string? token) => token is { Length: BackInStockRequest.StopTokenLength } && token.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// The stop page's address, beside the product's: both are absolute and built from the address the request kept
    /// (<c>App:BaseUrl</c> when it was asked), because the mail is often sent with no request at hand (an import).
    /// </summary>
    public static string StopLink(string productLink, string token)
    {
        var origin = productLink[..productLink.LastIndexOf("/products/", StringComparison.Ordinal)];
        return $"{origin}/back-in-stock/stop/{token}";
    }

    /// <summary>Where a mail client POSTs <c>List-Unsubscribe=One-Click</c> (RFC 8058): no form, no token, no cookies.</summary>
    public static string OneClickLink(string productLink, string token) => StopLink(productLink, token) + "/one-click";

    /// <summary>Mails every pending request for these products that are in stock now, once each. Never throws for mail.</summary>
    public async Task SendDueAsync(IReadOnlyCollection<int> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return;
        // An order's few products go through the (ProductId, Email) index; an import's many are matched in memory
        // against the pending requests instead, which are few next to the products an import touches.
        var pending = db.BackInStockRequests.AsNoTracking().Where(r => r.NotifiedAt == null);
        if (productIds.Count <= 100) pending = pending.Where(r => productIds.Contains(r.ProductId));
        var due = await pending
            .Join(db.Products.Where(p => p.IsActive && p.Stock > 0), r => r.ProductId, p => p.Id, (r, p) => new { r.Id, r.ProductId, r.Email, r.ProductLink, r.StopToken, p.Name })
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
            // Anyone can type an address into the form: the mail says why it came, that it can be ignored, and how to stop it.
            await mail.SendAsync(layout.Compose(request.Email,
                $"{request.Name} is back in stock at {layout.StoreName}",
                $"{request.Name} is back in stock",
                new MailBody()
                    .Paragraph($"You asked us to tell you when {request.Name} is back. It is in stock now, while it lasts.")
                    .Action("See the product", request.ProductLink)
                    .Paragraph("We mail you once for this request; ask again on the product page if it sells out before you get to it.")
                    .Footnote($"Why this email: someone asked on our product page to be told at {request.Email} when {request.Name} is back in stock. "
                        + "If that was not you, you can ignore it: we send nothing more for this request. To have us forget it now:",
                        "Stop this request", StopLink(request.ProductLink, request.StopToken)))
                with { OneClickStop = OneClickLink(request.ProductLink, request.StopToken) }, ct);
        }
    }
}
