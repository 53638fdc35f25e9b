using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Reviews;

/// <summary>
/// "Report this review": a shopper tells the store a review is spam, abusive or not about the product, once per account
/// and review, never their own; an admin sees the reports beside the review and hides it or dismisses them (audited).
/// Shoppers could only vote, so an owner found abuse among thousands of reviews by reading them all (an outside
/// review, session 51).
/// </summary>
public sealed class ReviewReports(StoreDbContext db, AdminAudit audit, TimeProvider clock)
{
    /// <summary>The reasons a shopper chooses from, by code, in the words the form and the admin list show.</summary>
    public static readonly IReadOnlyList<(string Code, string Words)> Reasons =
    [
        ("spam", "Spam or advertising"),
        ("offensive", "Offensive or abusive"),
        ("off-topic", "Not about this product"),
        ("private", "Shares personal details"),
        ("other", "Something else"),
    ];

    public static string WordsFor(string code) => Reasons.FirstOrDefault(r => r.Code == code).Words ?? code;

    public enum Result { Reported, AlreadyReported, OwnReview, NoSuchReview }

    public async Task<Result> ReportAsync(string userId, int reviewId, string reason, CancellationToken ct)
    {
        if (Reasons.All(r => r.Code != reason)) throw new ArgumentException("Not one of the reasons: the page checks it first.", nameof(reason));
        var review = await db.Reviews.AsNoTracking().Where(r => r.Id == reviewId && !r.IsHidden).Select(r => new { r.UserId }).FirstOrDefaultAsync(ct);
        if (review is null) return Result.NoSuchReview;
        if (review.UserId == userId) return Result.OwnReview;
        // The key (review, account) says "once", also for two posts at once: the second inserts nothing.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO ReviewReports (ReviewId, UserId, Reason, At) VALUES ({reviewId}, {userId}, {reason}, {clock.GetUtcNow().UtcDateTime}) ON CONFLICT DO NOTHING", ct);
        return inserted == 0 ? Result.AlreadyReported : Result.Reported;
    }

    /// <summary>The admin read the reports and keeps the review: they are removed, and the trail says how many and why.</summary>
    /// <returns>How many reports were dismissed (0: none, or no such review).</returns>
    public async Task<int> DismissAsync(ClaimsPrincipal admin, int reviewId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reasons = await db.ReviewReports.Where(r => r.ReviewId == reviewId).Select(r => r.Reason).ToListAsync(ct);
        if (reasons.Count == 0) return 0;
        await db.ReviewReports.Where(r => r.ReviewId == reviewId).ExecuteDeleteAsync(ct);
        audit.Record(admin, "Reports dismissed", nameof(Review), reviewId.ToString(System.Globalization.CultureInfo.InvariantCulture), "Reports",
            Summary(reasons), null);
        await audit.SaveAsync(admin, ct);
        await transaction.CommitAsync(ct);
        return reasons.Count;
    }

    /// <summary>"Spam or advertising ×2, Something else": the reasons given, most given first.</summary>
    public static string Summary(IEnumerable<string> reasons) => string.Join(", ", reasons.GroupBy(r => r)
        .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => g.Count() == 1 ? WordsFor(g.Key) : $"{WordsFor(g.Key)} ×{g.Count()}"));
}
