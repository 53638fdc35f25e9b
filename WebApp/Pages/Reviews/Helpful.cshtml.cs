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
public sealed class HelpfulModel(StoreDbContext db, HelpfulVotes votes) : ReviewActionModel(db)
{
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
}

/// <summary>
/// A review's button on the product page ("Helpful", "Report"): a signed-out shopper who signs in on the way lands back at
/// the review (GET), and a post answers with the product page at the review, on the page of reviews (sort and page, as
/// the section's links spell them) it was shown on.
/// </summary>
public abstract class ReviewActionModel(StoreDbContext db) : PageModel
{
    public Task<IActionResult> OnGetAsync(int id, [FromQuery(Name = "reviews")] string? sort, [FromQuery(Name = "rpage")] int? page, CancellationToken ct) =>
        BackAsync(id, ProductReviews.Query(sort, page ?? 1).Value, ct);

    /// <param name="done">
    /// The vote or report was recorded: a review hidden meanwhile still leads back to its product's page, whose top then
    /// says the outcome (a report saved as the admin hid the review answered 404; an outside review, session 51).
    /// </param>
    /// <returns>404 for a hidden review (unless done) or a product no longer sold: their pages are 404s.</returns>
    protected async Task<IActionResult> BackAsync(int reviewId, string? query, CancellationToken ct, bool done = false)
    {
        var product = await db.Reviews.Where(r => r.Id == reviewId && (done || !r.IsHidden))
            .Join(db.Products.Where(p => p.IsActive), r => r.ProductId, p => p.Id, (r, p) => new { p.Id, p.Slug }).FirstOrDefaultAsync(ct);
        // After a vote or report the outcome is said under the review (Flash.TakeForReview), which site.js brings into sight
        // with it; without script the review's top is the screen's.
        return product is null ? NotFound() : Redirect(WebApp.Catalog.Product.UrlFor(product.Id, product.Slug) + query + $"#review-{reviewId}");
    }
}
