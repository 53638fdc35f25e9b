using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Reviews;
using WebApp.Security;

namespace WebApp.Pages.Reviews;

/// <summary>
/// A review's "Report" form on the product page (a reason, then "Send report"); answers with the product page again at
/// the review (post-redirect-get), its outcome in the flash message.
/// </summary>
[EnableRateLimiting(RateLimits.Reviews)]
public sealed class ReportModel(StoreDbContext db, ReviewReports reports) : ReviewActionModel(db)
{
    public async Task<IActionResult> OnPostAsync(int id, string? sort, int? page, CancellationToken ct)
    {
        var back = ProductReviews.Query(sort, page ?? 1).Value;
        // One reason, one of the list's codes as the form sends them: "SPAM", " spam " and a reason posted twice were read
        // as the first without a word (an outside review, session 51).
        var reasons = Request.Form["reason"];
        var reason = reasons.Count == 1 ? reasons[0] : null;
        if (reason is null || ReviewReports.Reasons.All(r => r.Code != reason))
        {
            // Without script the reasons are radio buttons that none is chosen of; a forged reason is told the same.
            Flash.Set(TempData, "Choose why you are reporting the review, then send the report.", isError: true, reviewId: id);
            return await BackAsync(id, back, ct);
        }
        var result = await reports.ReportAsync(CurrentShopper.UserIdOf(User)!, id, reason, ct);
        if (result == ReviewReports.Result.NoSuchReview) return NotFound();
        Flash.Set(TempData, result switch
        {
            ReviewReports.Result.Reported => "Thank you: the store will look at this review.",
            ReviewReports.Result.AlreadyReported => "You have already reported this review; the store will look at it.",
            _ => "You cannot report your own review; edit it instead.",
        }, isError: result == ReviewReports.Result.OwnReview, reviewId: id);
        return await BackAsync(id, back, ct, done: true);
    }
}
