using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Reviews;
using WebApp.Security;

namespace WebApp.Pages.Reviews;

/// <summary>The "Helpful" button of a review on the product page; answers with the product page again (post-redirect-get).</summary>
[EnableRateLimiting(RateLimits.Reviews)]
public sealed class HelpfulModel(StoreDbContext db, HelpfulVotes votes) : PageModel
{
    /// <summary>
    /// Where a signed-out shopper lands after signing in to vote: back to the review, on the page of reviews (sort and
    /// page, as the section's links spell them) it was shown on.
    /// </summary>
    public Task<IActionResult> OnGetAsync(int id, [FromQuery(Name = "reviews")] string? sort, [FromQuery(Name = "rpage")] int? page, CancellationToken ct) =>
        BackAsync(id, ProductReviews.Query(sort, page ?? 1).Value, ct);

    public async Task<IActionResult> OnPostAsync(int id, string? sort, int? page, CancellationToken ct)
    {
        var result = await votes.VoteAsync(CurrentShopper.UserIdOf(User)!, id, ct);
        if (result == HelpfulVotes.Result.NoSuchReview) return NotFound();
        Flash.Set(TempData, result switch
        {
            HelpfulVotes.Result.Counted => "Thanks: your vote is counted.",
            HelpfulVotes.Result.AlreadyVoted => "You have already found this review helpful.",
            _ => "You cannot vote for your own review.",
        }, isError: result != HelpfulVotes.Result.Counted, reviewId: id);
        return await BackAsync(id, ProductReviews.Query(sort, page ?? 1).Value, ct, done: true);
    }

    private async Task<IActionResult> BackAsync(int reviewId, string? query, CancellationToken ct, bool done = false) =>
        await ReviewAnchor.UrlAsync(db, reviewId, query, ct, hiddenToo: done) is { } url ? Redirect(url) : NotFound();
}

/// <summary>
/// Back to a review on its product's page, on the page of reviews (sort and page) it was shown on, after a vote or a
/// report or a sign-in on the way to one; null for a hidden review or a product no longer sold (their pages are 404s).
/// </summary>
internal static class ReviewAnchor
{
    /// <param name="hiddenToo">
    /// The vote or report was recorded: a review hidden meanwhile still leads back to its product's page, whose top then
    /// says the outcome (a report saved as the admin hid the review answered 404; an outside review, session 51).
    /// </param>
    public static async Task<string?> UrlAsync(StoreDbContext db, int reviewId, string? query, CancellationToken ct, bool hiddenToo = false)
    {
        var product = await db.Reviews.Where(r => r.Id == reviewId && (hiddenToo || !r.IsHidden))
            .Join(db.Products.Where(p => p.IsActive), r => r.ProductId, p => p.Id, (r, p) => new { p.Id, p.Slug }).FirstOrDefaultAsync(ct);
        // After a vote or report the outcome is said under the review (Flash.TakeForReview), which site.js brings into sight
        // with it; without script the review's top is the screen's.
        return product is null ? null : WebApp.Catalog.Product.UrlFor(product.Id, product.Slug) + query + $"#review-{reviewId}";
    }
}
