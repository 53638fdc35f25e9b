using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Reviews;

/// <summary>"Was this review helpful?": once per account and review, never on one's own, counted in the same transaction as the vote.</summary>
public sealed class HelpfulVotes(StoreDbContext db, TimeProvider clock, WebApp.Catalog.CatalogPageCache pages)
{
    public enum Result { Counted, AlreadyVoted, OwnReview, NoSuchReview }

    public async Task<Result> VoteAsync(string userId, int reviewId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var review = await db.Reviews.Where(r => r.Id == reviewId && !r.IsHidden).Select(r => new { r.UserId, r.ProductId }).FirstOrDefaultAsync(ct);
        if (review is null) return Result.NoSuchReview;
        if (review.UserId == userId) return Result.OwnReview;
        // The vote's primary key says "once": a second vote inserts nothing and counts nothing.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO ReviewVotes (ReviewId, UserId, At) VALUES ({reviewId}, {userId}, {clock.GetUtcNow().UtcDateTime}) ON CONFLICT DO NOTHING", ct);
        if (inserted == 0) return Result.AlreadyVoted;
        await db.Reviews.Where(r => r.Id == reviewId).ExecuteUpdateAsync(s => s.SetProperty(r => r.HelpfulCount, r => r.HelpfulCount + 1), ct);
        await transaction.CommitAsync(ct);
        // The count and the "Most helpful" order are on the product's cached page, and nowhere else.
        await pages.EvictProductPageAsync(review.ProductId);
        return Result.Counted;
    }
}
