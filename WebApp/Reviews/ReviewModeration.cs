using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Reviews;

/// <summary>
/// An admin hides a review (off the product page and out of the rating) or shows it again. The flag, the audit trail and
/// the product's rating are written in one transaction; the catalogue change is published after the commit.
/// </summary>
public sealed class ReviewModeration(StoreDbContext db, AdminAudit audit, ICatalogChanges changes)
{
    /// <summary>False when there is no such review.</summary>
    public async Task<bool> SetHiddenAsync(ClaimsPrincipal admin, int reviewId, bool hidden, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.Id == reviewId, ct);
        if (review is null) return false;
        if (review.IsHidden == hidden) return true;
        review.IsHidden = hidden;
        await audit.SaveAsync(admin, ct);
        await ProductRating.RecomputeAsync(db, review.ProductId, ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(CatalogChange.Products([review.ProductId]), ct);
        return true;
    }
}
