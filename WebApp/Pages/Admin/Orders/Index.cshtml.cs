using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Pages.Admin.Orders;

/// <summary>
/// Every order, newest first, filtered by status, date, customer and way to pay. Each filter is shaped to walk an
/// index of Orders: (Status, PlacedAt) or (UserId, PlacedAt), else the primary key, which grows with PlacedAt.
/// </summary>
public sealed class IndexModel(StoreDbContext db, OrderWorkflow workflow) : PageModel
{
    public const int PageSize = 20;

    public sealed record Row(int Id, DateTime PlacedAt, string Email, string FullName, OrderStatus Status, string PaymentMethod, long TotalCents, int Items, bool Guest,
        bool Refunded, bool RefundDue);

    [BindProperty(SupportsGet = true)]
    public OrderStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    [DataType(DataType.Date)]
    [Display(Name = "Placed from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    [DataType(DataType.Date)]
    [Display(Name = "Placed to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(256, ErrorMessage = "Enter an email address of up to 256 characters.")]
    [Display(Name = "Customer email")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    [StringLength(32)]
    public string? Payment { get; set; }

    public IReadOnlyList<Row> Orders { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;
    /// <summary>Said when the list shows another page than the address asked for (<see cref="Pager.Notice"/>).</summary>
    public string? PageNotice { get; private set; }
    public IReadOnlyList<string> PaymentMethods => [.. workflow.CardMethods, .. workflow.OnDeliveryMethods];
    public bool Filtered => Status is not null || From is not null || To is not null || !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrEmpty(Payment);

    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1, CancellationToken ct = default)
    {
        if (From is { } from && To is { } to && from > to) ModelState.AddModelError("To", "The end date is before the start date.");
        // The list's names, and the codes the API and the checkout use (payment=card had been refused), in any case.
        if (!string.IsNullOrEmpty(Payment))
        {
            if (workflow.PaymentMethodNamed(Payment) is { } named) Payment = named;
            else ModelState.AddModelError("Payment", "Choose a way to pay from the list.");
        }
        // A filter that does not parse (a date typed by hand, a status that does not exist) shows all orders with its message.
        if (!ModelState.IsValid) (Status, From, To, Email, Payment) = (null, null, null, null, null);
        // The list drew "status=1" as Paid from the value refused (the select reads a number as the enum's name): Any.
        if (ModelState.TryGetValue(nameof(Status), out var refused) && refused.ValidationState == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            (refused.RawValue, refused.AttemptedValue) = (null, null);
        }

        var orders = db.Orders.AsNoTracking();
        var cardMethods = workflow.CardMethods;
        var byIndex = false;
        if (Status is { } status)
        {
            orders = orders.Where(o => o.Status == status);
            byIndex = true;
        }
        if (!string.IsNullOrWhiteSpace(Email))
        {
            // The account's orders by its id (indexed), whatever address they were placed with; an address with no
            // account (a guest, or deleted since) falls back to the address copied onto each order, in any letter case:
            // a guest's "Mixed.Case@Example.com" was not found as "mixed.case@example.com" (an outside review, session 45).
            var email = Email.Trim();
            var normalized = email.ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            orders = userId is not null ? orders.Where(o => o.UserId == userId) : orders.Where(o => EF.Functions.Collate(o.Email, "NOCASE") == email);
            byIndex = userId is not null;
        }
        if (From is not null || To is not null)
        {
            var start = From?.ToDateTime(TimeOnly.MinValue) ?? DateTime.MinValue;
            // The day after To, which 9999-12-31 has none of (a date picker takes it; it was a 500, an outside review, session 44).
            var end = To is { } last && last < DateOnly.MaxValue ? last.AddDays(1).ToDateTime(TimeOnly.MinValue) : DateTime.MaxValue;
            orders = orders.Where(o => o.PlacedAt >= start && o.PlacedAt < end);
            if (!byIndex)
            {
                // Naming every status lets SQLite walk (Status, PlacedAt) once per status for the range instead of reading every order.
                OrderStatus[] all = [.. Enum.GetValues<OrderStatus>()];
                orders = orders.Where(o => all.Contains(o.Status));
                byIndex = true;
            }
        }
        if (!string.IsNullOrEmpty(Payment)) orders = orders.Where(o => o.PaymentMethod == Payment);

        Total = await orders.CountAsync(ct);
        var pages = Pager.PagesFor(Total, PageSize);
        var page = Math.Clamp(pageNumber, 1, pages);
        var sorted = byIndex ? orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id) : orders.OrderByDescending(o => o.Id);
        Orders = await sorted.Skip(Pager.Skip(page, PageSize)).Take(PageSize)
            .Select(o => new Row(o.Id, o.PlacedAt, o.Email, o.FullName, o.Status, o.PaymentMethod, o.TotalCents, o.Lines.Sum(l => l.Quantity), o.UserId == null,
                o.RefundReference != null, o.Status == OrderStatus.Cancelled && o.RefundReference == null && o.PaymentReference != null && cardMethods.Contains(o.PaymentMethod)))
            .ToListAsync(ct);
        Pager = new Pager(page, pages, UrlFor);
        PageNotice = Pager.Notice(Request.Query["page"].ToString(), page, pages);
    }

    /// <summary>The export form, filled with the dates this list is filtered by, if any.</summary>
    public string ExportUrl => From is null && To is null ? "/admin/orders/export"
        : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/orders/export", new Dictionary<string, string?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["form"] = "1",
        }.Where(kv => kv.Value is not null)!);

    private string UrlFor(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["status"] = Status?.ToString(),
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["email"] = string.IsNullOrWhiteSpace(Email) ? null : Email.Trim(),
            ["payment"] = string.IsNullOrEmpty(Payment) ? null : Payment,
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/admin/orders", query.Where(kv => kv.Value is not null)!);
    }
}
