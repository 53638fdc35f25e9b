using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Security;

namespace WebApp.Pages.Guest.Orders;

/// <summary>
/// A guest's order, opened by the signed link in its mail (<see cref="OrderLinks"/>), read only and without signing in.
/// A missing, altered or expired token, or one made for another order, answers 404 exactly like an order that does
/// not exist. Once an account has claimed the order, the link leads to the account's order page (behind sign-in).
/// From here the guest can create an account with the order's address, or add the order to the account they are
/// signed in with when its confirmed address is the order's (<see cref="GuestOrderClaims"/>).
/// </summary>
[EnableRateLimiting(RateLimits.Checkout)]
public sealed class ShowModel(StoreDbContext db, OrderLinks links, GuestOrderClaims claims, UserManager<StoreUser> users) : PageModel
{
    public Order Order { get; private set; } = null!;
    public IReadOnlySet<int> OnSale { get; private set; } = new HashSet<int>();

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    /// <summary>Signed in; null for a visitor.</summary>
    public StoreUser? Account { get; private set; }

    public bool AccountCanClaim => Account is not null && GuestOrderClaims.CanClaim(Account, Order);

    public string RegisterUrl => "/account/register?email=" + Uri.EscapeDataString(Order.Email);

    public string SignInUrl => "/account/login?returnUrl=" + Uri.EscapeDataString(links.GuestPath(Order.Id));

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!links.Opens(id, Token)) return NotFound();
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.Id))
            .Include(o => o.History.OrderBy(h => h.Id))
            .FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return NotFound();
        if (order.UserId is not null) return Redirect(WebApp.Orders.Order.PathOf(id));
        Order = order;
        OnSale = await WebApp.Pages.Orders.OrderDetails.OnSaleAsync(db, order, ct);
        Account = await users.GetUserAsync(User);
        return Page();
    }

    public async Task<IActionResult> OnPostClaimAsync(int id, CancellationToken ct)
    {
        if (!links.Opens(id, Token)) return NotFound();
        if (await users.GetUserAsync(User) is not { } account) return Challenge();
        if (await claims.ClaimAsync(account, id, ct))
        {
            Flash.Set(TempData, $"Order #{id} is now in your account.");
            return Redirect(WebApp.Orders.Order.PathOf(id));
        }
        Flash.Set(TempData, "This order was placed with another email address than your account's, so it cannot be added to it.", isError: true);
        return Redirect(links.GuestPath(id));
    }
}
