using Microsoft.AspNetCore.Identity;

namespace WebApp.Accounts;

/// <summary>
/// The current password asked again before a sensitive change (password, email, two-factor off, deletion). A wrong one
/// counts toward lockout exactly as on the sign-in page, so a borrowed session cannot guess its way to the account.
/// </summary>
public sealed class Reauthentication(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, ILogger<Reauthentication> logger)
{
    public enum Outcome { Confirmed, WrongPassword, LockedOut }

    public const string WrongPasswordMessage = "That is not your current password.";

    public async Task<Outcome> CheckPasswordAsync(StoreUser user, string password)
    {
        if (await users.IsLockedOutAsync(user)) return Outcome.LockedOut;
        if (await users.CheckPasswordAsync(user, password))
        {
            await users.ResetAccessFailedCountAsync(user);
            return Outcome.Confirmed;
        }
        await users.AccessFailedAsync(user);
        if (!await users.IsLockedOutAsync(user))
        {
            logger.LogWarning(AccountEvents.ReauthenticationFailed, "Wrong current password for user {UserId}", user.Id);
            return Outcome.WrongPassword;
        }
        logger.LogWarning(AccountEvents.LockedOut, "User {UserId} is locked out after wrong current passwords", user.Id);
        return Outcome.LockedOut;
    }

    /// <summary>What a page does once the account is locked: this session ends too, and sign-in says to wait.</summary>
    public Task SignOutAsync() => signIn.SignOutAsync();

    public const string LockedOutMessage = "Too many wrong passwords: you have been signed out. Try again in 15 minutes.";
}
