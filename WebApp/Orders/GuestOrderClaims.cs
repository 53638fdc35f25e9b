using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;

namespace WebApp.Orders;

/// <summary>
/// Guest orders joining an account. The rule: an account owns the guest orders placed with the address it has
/// confirmed. Confirming proves the mailbox, and every guest order's mail (with its link) already went to that
/// mailbox, so its owner gains nothing they could not already open. So confirming an address claims all of them, and
/// a signed-in account may claim one from its guest page only when its own confirmed address is the order's. An
/// account with another address, or an unconfirmed one, never can. Addresses compare ignoring ASCII case.
/// </summary>
public sealed class GuestOrderClaims(StoreDbContext db, ILogger<GuestOrderClaims> logger)
{
    /// <summary>Attaches every guest order placed with the user's confirmed address; how many.</summary>
    public async Task<int> ClaimAllAsync(StoreUser user, CancellationToken ct = default)
    {
        if (!user.EmailConfirmed || user.Email is not { } email) return 0;
        var claimed = await db.Orders.Where(o => o.UserId == null && EF.Functions.Collate(o.Email, "NOCASE") == email)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UserId, user.Id), ct);
        if (claimed > 0) logger.LogInformation("{Count} guest orders joined account {UserId}", claimed, user.Id);
        return claimed;
    }

    /// <summary>Whether this user may add the guest order to their account (see the rule above).</summary>
    public static bool CanClaim(StoreUser user, Order order) =>
        order.UserId is null && user.EmailConfirmed && user.Email is { } email && string.Equals(email, order.Email, StringComparison.OrdinalIgnoreCase);

    /// <returns>True when the order is now the user's; false when it was not theirs to claim or was claimed meanwhile.</returns>
    public async Task<bool> ClaimAsync(StoreUser user, int orderId, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !CanClaim(user, order)) return false;
        // Conditional on still being a guest order: an order already in an account never moves to another.
        var claimed = await db.Orders.Where(o => o.Id == orderId && o.UserId == null).ExecuteUpdateAsync(s => s.SetProperty(o => o.UserId, user.Id), ct) == 1;
        if (claimed) logger.LogInformation("Guest order {OrderId} joined account {UserId}", orderId, user.Id);
        return claimed;
    }
}
