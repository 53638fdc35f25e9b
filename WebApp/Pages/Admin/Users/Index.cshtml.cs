using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Pages.Admin.Users;

/// <summary>The accounts, searched by email, with what an admin may do to each. Never a hash, stamp or token: the query projects the few columns shown.</summary>
public sealed class IndexModel(StoreDbContext db, UserAdministration users, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>From the query by hand: "page" is also the route value naming the Razor page.</summary>
    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager { get; private set; } = null!;
    /// <summary>Said when the list shows another page than the address asked for (<see cref="Pager.Notice"/>).</summary>
    public string? PageNotice { get; private set; }

    public sealed record UserRow(string Id, string Email, DateTime CreatedAt, bool EmailConfirmed, bool IsLocked, bool IsAdmin, bool IsYou, int Orders);

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Pager.Requested(Request.Query["page"].ToString());
        var query = db.Users.AsNoTracking();
        var search = Query?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            var normalized = search.ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(normalized));
        }
        Total = await query.CountAsync(ct);
        var pages = Pager.PagesFor(Total, PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, pages);
        var page = await query.OrderBy(u => u.NormalizedEmail)
            .Skip(Pager.Skip(PageNumber, PageSize)).Take(PageSize)
            .Select(u => new { u.Id, u.Email, u.CreatedAt, u.EmailConfirmed, u.LockoutEnd })
            .ToListAsync(ct);
        var ids = page.Select(u => u.Id).ToList();
        var adminIds = await db.UserRoles.Where(r => ids.Contains(r.UserId))
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .ToListAsync(ct);
        var orders = await db.Orders.Where(o => o.UserId != null && ids.Contains(o.UserId)).GroupBy(o => o.UserId!)
            .Select(g => new { UserId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.UserId, g => g.Count, ct);
        var me = CurrentShopper.UserIdOf(User);
        var now = clock.GetUtcNow();
        Rows = [.. page.Select(u => new UserRow(u.Id, u.Email ?? "", u.CreatedAt, u.EmailConfirmed, u.LockoutEnd is { } end && end > now,
            adminIds.Contains(u.Id), u.Id == me, orders.GetValueOrDefault(u.Id)))];
        Pager = new Pager(PageNumber, pages, n => UrlFor(search, n));
        PageNotice = Pager.Notice(Request.Query["page"].ToString(), PageNumber, pages);
    }

    public Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct) => Act(users.LockAsync(User, id, ct));

    public Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) => Act(users.UnlockAsync(User, id, ct));

    public Task<IActionResult> OnPostConfirmAsync(string id, CancellationToken ct) => Act(users.ConfirmEmailAsync(User, id, ct));

    public Task<IActionResult> OnPostGrantAdminAsync(string id, CancellationToken ct) => Act(users.GrantAdminAsync(User, id, ct));

    public Task<IActionResult> OnPostRevokeAdminAsync(string id, CancellationToken ct) => Act(users.RevokeAdminAsync(User, id, ct));

    // Built by hand: "page" is also the route value naming the Razor page, so Url.Page would drop it.
    public static string UrlFor(string? query, int page) => "/admin/users" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = string.IsNullOrWhiteSpace(query) ? null : query.Trim(),
        ["page"] = page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    }.Where(p => p.Value is not null));

    private async Task<IActionResult> Act(Task<AdminOutcome> action)
    {
        var outcome = await action;
        Flash.Set(TempData, outcome.Message, isError: !outcome.Done);
        var back = int.TryParse(Request.Form["p"], out var p) && p > 1 ? p : (int?)null;
        return Redirect(UrlFor(Query, back ?? 1));
    }
}
