using Microsoft.AspNetCore.Identity;
using WebApp.Data;

namespace WebApp.Accounts;

/// <summary>
/// The password check behind every way of signing in (the login page's cookie, the API's bearer tokens), so both get
/// the same rules: one check at a time per account (<see cref="SignInGate"/>), lockout after repeated failures,
/// confirmed email only, and the same time spent whether the address is unknown, unconfirmed, locked or the password
/// wrong, so nothing tells which addresses have accounts.
/// </summary>
public sealed class PasswordSignIn(SignInManager<StoreUser> signIn, UserManager<StoreUser> users, SignInGate gate, StoreDbContext db, ILogger<PasswordSignIn> logger)
{
    /// <summary>One answer for every failure, so no caller tells whether an account exists, is locked or unconfirmed.</summary>
    public const string Failure = "That email and password did not work. Check them, confirm your email if you have not, or try again in 15 minutes.";

    /// <param name="scheme">Where a success is written: the sign-in cookie when null, or e.g. the bearer token scheme.</param>
    /// <returns>Identity's result; anything but Succeeded and RequiresTwoFactor is answered with <see cref="Failure"/>.</returns>
    public async Task<SignInResult> SignInAsync(string email, string password, bool persistent, string? scheme = null, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email);
        using var turn = user is null ? null : await gate.EnterAsync(user.Id, ct);
        if (user is not null) await db.Entry(user).ReloadAsync(ct);   // the failure count the previous check saved
        if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            // Identity rejects unconfirmed and locked accounts before hashing: spend the time a real check would, so
            // an unknown, unconfirmed or locked address is not faster to reject than a wrong password.
            users.PasswordHasher.VerifyHashedPassword(user ?? new StoreUser(), DummyHash, password);
            if (user is null) logger.LogWarning(AccountEvents.SignInFailed, "Sign-in failed for an unknown address");
            else logger.LogWarning(AccountEvents.SignInFailed, "Sign-in refused for user {UserId}: unconfirmed or locked out", user.Id);
            return SignInResult.Failed;
        }

        if (scheme is not null) signIn.AuthenticationScheme = scheme;
        var result = await signIn.PasswordSignInAsync(user, password, persistent, lockoutOnFailure: true);
        if (result.Succeeded) logger.LogInformation(AccountEvents.SignedIn, "User {UserId} signed in", user.Id);
        else if (result.IsLockedOut) logger.LogWarning(AccountEvents.LockedOut, "User {UserId} is locked out", user.Id);
        else if (!result.RequiresTwoFactor) logger.LogWarning(AccountEvents.SignInFailed, "Sign-in failed for user {UserId}", user.Id);
        return result;
    }

    private static readonly string DummyHash = new PasswordHasher<StoreUser>().HashPassword(new StoreUser(), "not a real password, only here to take time");
}
