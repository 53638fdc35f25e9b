using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Pages.Admin.Audit;

/// <summary>
/// The field-level trail, newest first. Filters map onto the trail's indexes: entity (Entity, EntityId, At), user
/// (UserId, At; an address that no longer has an account falls back to the email written in the row) and date (At).
/// </summary>
public sealed class IndexModel(StoreDbContext db) : PageModel
{
    public const int PageSize = 50;

    // More fields than any entity has: how far past the page size a creation's fields are read to keep them on its page.
    private const int MaxFieldsFolded = 60;

    [BindProperty(SupportsGet = true)]
    public string? Entity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public int PageNumber { get; private set; } = 1;
    public IReadOnlyList<AuditEntry> Rows { get; private set; } = [];
    public IReadOnlyList<string> Entities { get; private set; } = [];
    public int Total { get; private set; }

    /// <summary>The names of the brands and categories this page's rows hold the ids of (AuditDisplay.Value).</summary>
    public IReadOnlyDictionary<(string Field, string Id), string> Names { get; private set; } = new Dictionary<(string, string), string>();

    /// <summary>The email of each user a row on this page is about (their id is what the row holds).</summary>
    public IReadOnlyDictionary<string, string> UserEmails { get; private set; } = new Dictionary<string, string>();
    public Pager Pager { get; private set; } = null!;
    /// <summary>Said when the list shows another page than the address asked for (<see cref="Pager.Notice"/>).</summary>
    public string? PageNotice { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Pager.Requested(Request.Query["page"].ToString());
        // A date that cannot be read says "Enter a date such as 2026-12-31." (BindingMessages).
        if (From is { } f && To is { } t && f > t) ModelState.AddModelError(nameof(To), "The end date is before the start date.");
        // Names written by the code (entity types and bulk actions): a short list read from the index, not the rows.
        Entities = await db.AuditEntries.Select(a => a.Entity).Distinct().OrderBy(e => e).ToListAsync(ct);

        // One the list does not hold showed "0 entries" under "Any", as if the whole trail were empty (an outside review,
        // session 48): said, and left out. Another letter case is the list's.
        if (!string.IsNullOrWhiteSpace(Entity))
        {
            // By the name the page shows too: "User" (the list's word) was refused, only "StoreUser" taken (session 52's review).
            Entity = Entities.FirstOrDefault(e => string.Equals(e, Entity.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? Entities.FirstOrDefault(e => string.Equals(AuditDisplay.EntityName(e), Entity.Trim(), StringComparison.OrdinalIgnoreCase)) ?? Entity;
            if (!Entities.Contains(Entity))
            {
                ModelState.AddModelError(nameof(Entity), "Choose an entity from the list.");
                Entity = null;
            }
        }
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Entity)) query = query.Where(a => a.Entity == Entity);
        if (!string.IsNullOrWhiteSpace(EntityId)) query = query.Where(a => a.EntityId == EntityId.Trim());
        if (!string.IsNullOrWhiteSpace(Email))
        {
            var normalized = Email.Trim().ToUpperInvariant();
            var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
            query = userId is null ? query.Where(a => a.UserEmail == Email.Trim()) : query.Where(a => a.UserId == userId);
        }
        if (ModelState.IsValid)
        {
            if (From is { } from) query = query.Where(a => a.At >= from.ToDateTime(TimeOnly.MinValue));
            // The day after To; 9999-12-31 has none (a 500 until session 44).
            if (To is { } to && to < DateOnly.MaxValue) query = query.Where(a => a.At < to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        }
        Total = await query.CountAsync(ct);
        var pages = Pager.PagesFor(Total, PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, pages);
        // A record's creation is one line of the page (AuditDisplay), shown whole on the page its fields run into: split by
        // the page size, one product's creation showed as "8 fields" on one page and "5 fields" on the next (a second
        // outside review, session 44). Pages stay 50 entries apart, give or take the fields of one creation at each end.
        var ordered = query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id);
        var skip = Pager.Skip(PageNumber, PageSize);
        var rows = await ordered.Skip(skip).Take(PageSize + 1).ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            var next = rows[PageSize];
            rows.RemoveAt(PageSize);
            var keep = rows.Count;
            while (keep > 0 && AuditDisplay.SameCreation(rows[keep - 1], next)) keep--;
            if (keep > 0) rows.RemoveRange(keep, rows.Count - keep);
        }
        if (skip > 0 && rows.Count > 0)
        {
            var earlier = await ordered.Skip(Math.Max(0, skip - MaxFieldsFolded)).Take(Math.Min(skip, MaxFieldsFolded)).ToListAsync(ct);
            var from = earlier.Count;
            while (from > 0 && AuditDisplay.SameCreation(earlier[from - 1], rows[0])) from--;
            rows.InsertRange(0, earlier.Skip(from));
        }
        Rows = rows;
        Pager = new Pager(PageNumber, pages, UrlFor);
        PageNotice = Pager.Notice(Request.Query["page"].ToString(), PageNumber, pages);
        Names = await AuditDisplay.NamesAsync(db, Rows, ct);
        var userIds = Rows.Where(r => r.Entity == "StoreUser").Select(r => r.EntityId).Distinct().ToList();
        if (userIds.Count > 0) UserEmails = await db.Users.Where(u => userIds.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
    }

    // Built by hand: "page" is also the route value naming the Razor page, so Url.Page would drop it.
    private string UrlFor(int page) => "/admin/audit" + QueryString.Create(new Dictionary<string, string?>
    {
        ["entity"] = Blank(Entity),
        ["entityId"] = Blank(EntityId),
        ["email"] = Blank(Email),
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["page"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(p => p.Value is not null));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
