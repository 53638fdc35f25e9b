using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Pages.Admin.Orders;

/// <summary>Without dates: a form to pick them. With both: the orders of those days as CSV, streamed.</summary>
public sealed class ExportModel(StoreDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>A year at most per file, so one click cannot ask for the whole history by accident.</summary>
    public const int MaxDays = 366;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // The orders list's link carries its dates with "form" (an outside review, session 53: it dropped them): the
        // form comes filled with them, to check before downloading.
        if (!Request.Query.ContainsKey("from") && !Request.Query.ContainsKey("to") || Request.Query.ContainsKey("form"))
        {
            ModelState.Clear();
            To ??= From is { } first && first.AddDays(MaxDays - 1) < today ? first.AddDays(MaxDays - 1) : today;
            From ??= To.Value.AddDays(-30);
            return Page();
        }
        if (From is null) ModelState.AddModelError(nameof(From), "Enter the first day, such as 2026-11-01.");
        if (To is null) ModelState.AddModelError(nameof(To), "Enter the last day, such as 2026-11-30.");
        if (From is { } f && To is { } t)
        {
            if (t < f) ModelState.AddModelError(nameof(To), "The last day is before the first.");
            else if (t.DayNumber - f.DayNumber >= MaxDays) ModelState.AddModelError(nameof(To), $"Export at most {MaxDays} days at a time.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"orders-{From:yyyy-MM-dd}-to-{To:yyyy-MM-dd}.csv\"";
        await OrderCsv.WriteAsync(db, From!.Value, To!.Value, Response.Body, ct);
        return new EmptyResult();
    }
}
