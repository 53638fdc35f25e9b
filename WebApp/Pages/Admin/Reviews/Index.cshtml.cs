using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Reviews;

namespace WebApp.Pages.Admin.Reviews;

/// <summary>Every review, newest first, optionally only the hidden ones or one product's; hide and show again (audited).</summary>
public sealed class IndexModel(StoreDbContext db, ReviewModeration moderation, ReviewReports reports) : PageModel
{
    public const int PageSize = 50;

    /// <summary>"hidden", "visible" or "reported" (visible ones shoppers reported, most reported first); anything else lists all.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public string? FilterNotice { get; private set; }

    [BindProperty(SupportsGet = true)]
    public int? Product { get; set; }

    public int PageNumber { get; private set; } = 1;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>The reasons shoppers reported each listed review for, by review id; absent when none did.</summary>
    public IReadOnlyDictionary<int, List<string>> Reports { get; private set; } = new Dictionary<int, List<string>>();
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;
    /// <summary>Said when the list shows another page than the address asked for (<see cref="Pager.Notice"/>).</summary>
    public string? PageNotice { get; private set; }

    public sealed record Row(int Id, int ProductId, string ProductName, string ProductSlug, string AuthorName, bool HasAccount,
        int Stars, string Title, string Body, bool IsHidden, bool IsVerifiedPurchase, DateTime CreatedAt);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Pager.Requested(Request.Query["page"].ToString());
        var query = db.Reviews.AsNoTracking();
        // Any letter case; a value the list does not offer is named above it rather than dropped without a word (status=bogus
        // showed every review as if filtered; session 46's review).
        Status = Status?.Trim().ToLowerInvariant();
        if (Status == "hidden") query = query.Where(r => r.IsHidden);
        else if (Status == "visible") query = query.Where(r => !r.IsHidden);
        else if (Status == "reported") query = query.Where(r => !r.IsHidden && db.ReviewReports.Any(x => x.ReviewId == r.Id));
        else
        {
            if (!string.IsNullOrEmpty(Status)) FilterNotice = "That status is not one of the list's, so every review is shown.";
            Status = null;
        }
        if (Product is { } productId) query = query.Where(r => r.ProductId == productId);
        else if (ModelState.GetValidationState(nameof(Product)) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            // product=abc listed every review as if filtered (an outside review, session 51).
            FilterNotice = (FilterNotice + " That is not a product number, so every product's reviews are shown.").Trim();
        }
        Total = await query.CountAsync(ct);
        var pages = Pager.PagesFor(Total, PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, pages);
        var ordered = Status == "reported"
            ? query.OrderByDescending(r => db.ReviewReports.Count(x => x.ReviewId == r.Id)).ThenByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            : query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id);
        Rows = await ordered
            .Skip(Pager.Skip(PageNumber, PageSize)).Take(PageSize)
            .Join(db.Products, r => r.ProductId, p => p.Id, (r, p) => new Row(r.Id, r.ProductId, p.Name, p.Slug, r.AuthorName,
                r.UserId != null, r.Stars, r.Title, r.Body, r.IsHidden, r.IsVerifiedPurchase, r.CreatedAt))
            .ToListAsync(ct);
        var ids = Rows.Select(r => r.Id).ToList();
        Reports = (await db.ReviewReports.AsNoTracking().Where(x => ids.Contains(x.ReviewId)).Select(x => new { x.ReviewId, x.Reason }).ToListAsync(ct))
            .GroupBy(x => x.ReviewId).ToDictionary(g => g.Key, g => g.Select(x => x.Reason).ToList());
        Pager = new Pager(PageNumber, pages, UrlFor);
        PageNotice = Pager.Notice(Request.Query["page"].ToString(), PageNumber, pages);
    }

    public Task<IActionResult> OnPostHideAsync(int id, CancellationToken ct) => SetHiddenAsync(id, true, ct);

    public Task<IActionResult> OnPostShowAsync(int id, CancellationToken ct) => SetHiddenAsync(id, false, ct);

    /// <summary>The admin read the reports and keeps the review as it is.</summary>
    public async Task<IActionResult> OnPostDismissAsync(int id, CancellationToken ct)
    {
        if (Unreadable(id)) return Redirect(UrlFor(1));
        var dismissed = await reports.DismissAsync(User, id, ct);
        Flash.Set(TempData, dismissed == 0 ? $"Review {id} has no reports to dismiss." : $"{dismissed} {(dismissed == 1 ? "report" : "reports")} on review {id} dismissed; the review stays as it was.", isError: dismissed == 0);
        PageNumber = int.TryParse(Request.Form["p"], out var p) && p > 1 ? p : 1;
        return Redirect(UrlFor(PageNumber));
    }

    // An id that is no number ("abc", empty, two of them) bound as 0 and was named "Review 0" (an outside review, session 51).
    private bool Unreadable(int id)
    {
        if (ModelState.GetValidationState(nameof(id)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid && id > 0) return false;
        Flash.Set(TempData, "That is not a review of the list: nothing was changed. Choose a review's button again.", isError: true);
        return true;
    }

    private async Task<IActionResult> SetHiddenAsync(int id, bool hidden, CancellationToken ct)
    {
        if (Unreadable(id)) return Redirect(UrlFor(1));
        var found = await moderation.SetHiddenAsync(User, id, hidden, ct);
        Flash.Set(TempData, !found ? $"Review {id} no longer exists." : hidden ? $"Review {id} is hidden." : $"Review {id} is shown again.", isError: !found);
        PageNumber = int.TryParse(Request.Form["p"], out var p) && p > 1 ? p : 1;
        return Redirect(UrlFor(PageNumber));
    }

    // Built by hand: "page" is also the route value naming the Razor page, so Url.Page would drop it.
    private string UrlFor(int page) => "/admin/reviews" + QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status is "hidden" or "visible" or "reported" ? Status : null,
        ["product"] = Product?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["page"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    }.Where(p => p.Value is not null));
}
