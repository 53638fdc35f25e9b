using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;

namespace WebApp.Admin;

/// <summary>
/// What an admin may do to an account: lock, unlock, confirm the email, grant and revoke Admin. The store must always
/// keep one admin who can sign in, so the last active admin cannot be locked or demoted, and no admin can lock or
/// demote themselves (they would find out only when the next page refused them). Each action runs in one
/// transaction, which SQLite takes for writing at once, so two admins demoting each other cannot both pass the
/// "another admin remains" check. Every change goes through <see cref="AdminAudit"/>.
/// </summary>
public sealed class UserAdministration(StoreDbContext db, AdminAudit audit, TimeProvider clock)
{
    /// <summary>A lock with no end: Identity locks by date, and this one outlives any account.</summary>
    private static readonly string AdminNormalized = Roles.Admin.ToUpperInvariant();

    public static readonly DateTimeOffset LockedForever = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public Task<AdminOutcome> LockAsync(ClaimsPrincipal admin, string userId, CancellationToken ct) =>
        RunAsync(admin, userId, async (user, isAdmin) =>
        {
            if (IsSelf(admin, user)) return AdminOutcome.Refused("You cannot lock your own account.");
            if (IsLocked(user)) return AdminOutcome.Refused($"{user.Email} is already locked.");
            if (isAdmin && !await AnotherActiveAdminAsync(user.Id, ct)) return AdminOutcome.Refused($"{user.Email} is the last admin who can sign in: grant Admin to someone else first.");
            user.LockoutEnabled = true;
            user.LockoutEnd = LockedForever;
            EndSessions(user);
            return AdminOutcome.Ok($"{user.Email} is locked and signed out everywhere.");
        }, ct);

    public Task<AdminOutcome> UnlockAsync(ClaimsPrincipal admin, string userId, CancellationToken ct) =>
        RunAsync(admin, userId, (user, _) =>
        {
            if (!IsLocked(user)) return Task.FromResult(AdminOutcome.Refused($"{user.Email} is not locked."));
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            return Task.FromResult(AdminOutcome.Ok($"{user.Email} is unlocked and can sign in again."));
        }, ct);

    public Task<AdminOutcome> ConfirmEmailAsync(ClaimsPrincipal admin, string userId, CancellationToken ct) =>
        RunAsync(admin, userId, (user, _) =>
        {
            if (user.EmailConfirmed) return Task.FromResult(AdminOutcome.Refused($"{user.Email} is already confirmed."));
            user.EmailConfirmed = true;
            return Task.FromResult(AdminOutcome.Ok($"{user.Email} is confirmed."));
        }, ct);

    public Task<AdminOutcome> GrantAdminAsync(ClaimsPrincipal admin, string userId, CancellationToken ct) =>
        RunAsync(admin, userId, async (user, isAdmin) =>
        {
            if (isAdmin) return AdminOutcome.Refused($"{user.Email} is already an admin.");
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = await AdminRoleIdAsync(ct) });
            audit.Record(admin, "Granted", nameof(StoreUser), user.Id, "Role", null, Roles.Admin);
            return AdminOutcome.Ok($"{user.Email} is now an admin.");
        }, ct);

    public Task<AdminOutcome> RevokeAdminAsync(ClaimsPrincipal admin, string userId, CancellationToken ct) =>
        RunAsync(admin, userId, async (user, isAdmin) =>
        {
            if (!isAdmin) return AdminOutcome.Refused($"{user.Email} is not an admin.");
            if (IsSelf(admin, user)) return AdminOutcome.Refused("You cannot remove your own Admin role: ask another admin.");
            if (!await AnotherActiveAdminAsync(user.Id, ct)) return AdminOutcome.Refused($"{user.Email} is the last admin who can sign in: grant Admin to someone else first.");
            var roleId = await AdminRoleIdAsync(ct);
            await db.UserRoles.Where(r => r.UserId == user.Id && r.RoleId == roleId).ExecuteDeleteAsync(ct);
            audit.Record(admin, "Revoked", nameof(StoreUser), user.Id, "Role", Roles.Admin, null);
            // Their open admin pages stop working on the next request: the stamp check rebuilds their roles.
            EndSessions(user);
            return AdminOutcome.Ok($"{user.Email} is no longer an admin.");
        }, ct);

    /// <summary>
    /// Why <paramref name="userId"/> may not delete their own account, or null: the last admin who can sign in would leave
    /// the store without one. Call it inside the write transaction that deletes the account, so two admins deleting
    /// themselves at once cannot both pass.
    /// </summary>
    public async Task<string?> RefuseSelfDeletionAsync(string userId, CancellationToken ct)
    {
        // Read, never created here: a customer's deletion must not add the role as a side effect.
        var roleId = await db.Roles.Where(r => r.NormalizedName == AdminNormalized).Select(r => r.Id).SingleOrDefaultAsync(ct);
        if (roleId is null || !await db.UserRoles.AnyAsync(r => r.UserId == userId && r.RoleId == roleId, ct)) return null;
        return await AnotherActiveAdminAsync(userId, ct)
            ? null
            : "You are the last admin who can sign in, so this account cannot be deleted: grant Admin to someone else first (Admin, Users). Nothing was deleted.";
    }

    public bool IsLocked(StoreUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();

    private async Task<AdminOutcome> RunAsync(ClaimsPrincipal admin, string userId, Func<StoreUser, bool, Task<AdminOutcome>> action, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return AdminOutcome.Refused("That account no longer exists.");
        var roleId = await AdminRoleIdAsync(ct);
        var isAdmin = await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == roleId, ct);
        var outcome = await action(user, isAdmin);
        if (!outcome.Done) return outcome;
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
        await audit.SaveAsync(admin, ct);
        await transaction.CommitAsync(ct);
        return outcome;
    }

    /// <summary>A new stamp: the cookie check (every request) finds the old one stale and signs the account out.</summary>
    private static void EndSessions(StoreUser user) => user.SecurityStamp = Guid.NewGuid().ToString();

    private static bool IsSelf(ClaimsPrincipal admin, StoreUser user) => CurrentShopper.UserIdOf(admin) == user.Id;

    private async Task<bool> AnotherActiveAdminAsync(string userId, CancellationToken ct)
    {
        var roleId = await AdminRoleIdAsync(ct);
        // SQLite cannot compare DateTimeOffset in SQL; admins are few, so their lock ends are compared here.
        var lockEnds = await db.UserRoles.Where(r => r.RoleId == roleId && r.UserId != userId)
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => u.LockoutEnd)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return lockEnds.Any(end => end is null || end <= now);
    }

    private async Task<string> AdminRoleIdAsync(CancellationToken ct)
    {
        var id = await db.Roles.Where(r => r.NormalizedName == AdminNormalized).Select(r => r.Id).SingleOrDefaultAsync(ct);
        if (id is not null) return id;
        var role = new IdentityRole(Roles.Admin) { NormalizedName = AdminNormalized };
        db.Roles.Add(role);
        return role.Id;
    }
}
