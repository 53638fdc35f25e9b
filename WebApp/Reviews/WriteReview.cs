using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Reviews;

/// <summary>
/// A customer rates and reviews a product they bought, once; writing again edits the same review. Bought means a line
/// of one of their orders that has shipped or been delivered. The review and the product's rating are written in one
/// transaction, and the catalogue change is published after it commits (the stars show on search tiles).
/// </summary>
public sealed class WriteReview(StoreDbContext db, ICatalogChanges changes, TimeProvider clock)
{
    public enum Result { Created, Updated, NotABuyer, NoSuchProduct }

    public enum Deleted { Deleted, NoReview }

    public sealed record Input(int Stars, string Title, string Body, string AuthorName);

    /// <summary>Whether the account has a shipped or delivered order line of the product.</summary>
    public Task<bool> BoughtAsync(string userId, int productId, CancellationToken ct) =>
        db.Orders.AnyAsync(o => o.UserId == userId
            && (o.Status == OrderStatus.Shipped || o.Status == OrderStatus.Delivered)
            && o.Lines.Any(l => l.ProductId == productId), ct);

    /// <summary>The account's review of the product, if it wrote one (hidden ones too: the author can still edit).</summary>
    public Task<Review?> FindAsync(string userId, int productId, CancellationToken ct) =>
        db.Reviews.AsNoTracking().FirstOrDefaultAsync(r => r.ProductId == productId && r.UserId == userId, ct);

    public async Task<Result> SaveAsync(string userId, int productId, Input input, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(input.Stars, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(input.Stars, 5);
        var title = ReviewText.Clean(input.Title);
        var body = ReviewText.Clean(input.Body);
        var author = ReviewText.Clean(input.AuthorName);
        if (title.Length > Review.TitleMaxLength || body.Length > Review.BodyMaxLength || author.Length > Review.AuthorNameMaxLength)
        {
            throw new ArgumentException("Review text over its length limit: the page validates it first.", nameof(input));
        }

        // BEGIN IMMEDIATE (the SQLite provider's default): the "already reviewed?" read and the write cannot interleave
        // with another request's, so a double submit edits instead of failing on the unique index.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Products.AnyAsync(p => p.Id == productId && p.IsActive, ct)) return Result.NoSuchProduct;
        var now = clock.GetUtcNow().UtcDateTime;
        var review = await db.Reviews.FirstOrDefaultAsync(r => r.ProductId == productId && r.UserId == userId, ct);
        Result result;
        if (review is null)
        {
            if (!await BoughtAsync(userId, productId, ct)) return Result.NotABuyer;
            review = new Review
            {
                ProductId = productId, UserId = userId, AuthorName = author, Title = title, Body = body,
                IsVerifiedPurchase = true, CreatedAt = now,
            };
            db.Reviews.Add(review);
            result = Result.Created;
        }
        else
        {
            // Votes were given to what the review said: "2 people found this helpful" stood under the opposite opinion
            // (an outside review, session 53). A new name alone keeps them; reports stay for the moderators either way.
            if (review.Stars != input.Stars || review.Title != title || review.Body != body)
            {
                await db.ReviewVotes.Where(v => v.ReviewId == review.Id).ExecuteDeleteAsync(ct);
                review.HelpfulCount = 0;
            }
            review.AuthorName = author;
            review.Title = title;
            review.Body = body;
            result = Result.Updated;
        }
        review.Stars = input.Stars;
        review.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await ProductRating.RecomputeAsync(db, productId, ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return result;
    }

    /// <summary>The author deletes their review: its votes and reports go with it (the keys cascade), the rating follows at once.</summary>
    public async Task<Deleted> DeleteAsync(string userId, int productId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Reviews.Where(r => r.ProductId == productId && r.UserId == userId).ExecuteDeleteAsync(ct) == 0) return Deleted.NoReview;
        await ProductRating.RecomputeAsync(db, productId, ct);
        await transaction.CommitAsync(ct);
        await changes.PublishAsync(CatalogChange.Products([productId]), ct);
        return Deleted.Deleted;
    }

    /// <summary>
    /// Everything of an account's in reviews, for deleting the account inside the caller's transaction: its reviews (with
    /// the votes and reports they drew), its helpful votes (taken off the counts they added to) and its reports. Returns
    /// the products whose ratings or review lists changed, to publish after the commit; their ratings are recomputed here.
    /// </summary>
    public async Task<IReadOnlyCollection<int>> EraseAuthorAsync(string userId, CancellationToken ct)
    {
        var reviewed = await db.Reviews.Where(r => r.UserId == userId).Select(r => r.ProductId).ToListAsync(ct);
        var voted = await db.ReviewVotes.Where(v => v.UserId == userId)
            .Join(db.Reviews, v => v.ReviewId, r => r.Id, (v, r) => r.ProductId).Distinct().ToListAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE Reviews SET HelpfulCount = HelpfulCount - 1 WHERE Id IN (SELECT ReviewId FROM ReviewVotes WHERE UserId = {userId})", ct);
        await db.ReviewVotes.Where(v => v.UserId == userId).ExecuteDeleteAsync(ct);
        await db.ReviewReports.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        await db.Reviews.Where(r => r.UserId == userId).ExecuteDeleteAsync(ct);
        foreach (var productId in reviewed) await ProductRating.RecomputeAsync(db, productId, ct);
        return reviewed.Concat(voted).ToHashSet();
    }
}
