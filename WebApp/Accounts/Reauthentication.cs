using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Data;

namespace WebApp.Accounts;

/// <summary>
/// The current password asked again before a sensitive change (password, email, two-factor off, deletion). A wrong one
/// counts toward lockout exactly as on the sign-in page, so a borrowed session cannot guess its way to the account.
/// </summary>
public sealed class Reauthentication(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, SignInGate gate, StoreDbContext db, ILogger<Reauthentication> logger)
{
    public enum Outcome { Confirmed, WrongPassword, LockedOut }

    public const string WrongPasswordMessage = "That is not your current password.";

    public async Task<Outcome> CheckPasswordAsync(StoreUser user, string password)
    {
        using var turn = await gate.EnterAsync(user.Id);
        await db.Entry(user).ReloadAsync();
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
        // Whoever holds this session may not be the owner: every copy of it ends, not just this browser's. An account not
        // yet confirmed has no session, and the new stamp killed its mailed confirmation link for good (the page then said
        // "That link did not work", after the lockout too; session 52's review).
        if (user.EmailConfirmed) await users.UpdateSecurityStampAsync(user);
        logger.LogWarning(AccountEvents.LockedOut, "User {UserId} is locked out after wrong current passwords", user.Id);
        return Outcome.LockedOut;
    }

    /// <summary>
    /// For the pages a mailed link opens (confirm an address, confirm a new one), where the visitor may not be signed
    /// in: true when the password is right; otherwise the message beside <paramref name="field"/> (the page's own words
    /// for a wrong password, when it has them) and false.
    /// </summary>
    public async Task<bool> ConfirmLinkAsync(PageModel page, StoreUser user, string password, string field, string wrongPassword = WrongPasswordMessage)
    {
        switch (await CheckPasswordAsync(user, password))
        {
            case Outcome.Confirmed:
                return true;
            case Outcome.WrongPassword:
                page.ModelState.AddModelError(field, wrongPassword);
                return false;
            default:
                page.ModelState.AddModelError(field, "Too many wrong passwords. Try again in 15 minutes, or choose a new password.");
                return false;
        }
    }

    /// <summary>
    /// The account pages' answer: null when the password is right; otherwise the page again with the message beside
    /// <paramref name="field"/> (after <paramref name="beforePage"/> reloads what it shows), or, once the account is
    /// locked, this browser signed out and sent to sign in, which says to wait.
    /// </summary>
    public async Task<IActionResult?> RequirePasswordAsync(PageModel page, StoreUser user, string password, string field, Func<Task>? beforePage = null)
    {
        switch (await CheckPasswordAsync(user, password))
        {
            case Outcome.Confirmed:
                return null;
            case Outcome.WrongPassword:
                page.ModelState.AddModelError(field, WrongPasswordMessage);
                if (beforePage is not null) await beforePage();
                return page.Page();
            default:
                await signIn.SignOutAsync();
                WebApp.Pages.Flash.Set(page.TempData, LockedOutMessage, isError: true);
                return page.RedirectToPage("/Account/Login");
        }
    }

    public const string LockedOutMessage = "Too many wrong passwords: you have been signed out. Try again in 15 minutes.";
}
