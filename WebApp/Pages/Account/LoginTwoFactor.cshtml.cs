using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Security;

namespace WebApp.Pages.Account;

/// <summary>The second step of signing in: a code from the authenticator app, or a recovery code. Failures count towards lockout.</summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class LoginTwoFactorModel(SignInManager<StoreUser> signIn, UserManager<StoreUser> users, SignInGate gate, StoreDbContext db, IMemoryCache usedCodes,
    ILogger<LoginTwoFactorModel> logger) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter the code from your app or a recovery code.")]
    [StringLength(32)]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public bool RememberMe { get; set; }

    public async Task<IActionResult> OnGetAsync(bool rememberMe)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return RedirectToPage("/Account/Login");
        RememberMe = rememberMe;
        // "?rememberMe=maybe" is false, and the hidden field says so rather than carrying "maybe" into the post.
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("/Account/Login");
        // A hidden "remember me" that is not true or false is false: with a valid code the page came back with no message
        // and no sign-in (a second outside review, session 44).
        ModelState.Remove(nameof(RememberMe));
        if (!ModelState.IsValid) return Page();

        using var turn = await gate.EnterAsync(user.Id);
        await db.Entry(user).ReloadAsync();
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var isAppCode = code.Length == 6 && code.All(char.IsAsciiDigit);
        // An app code is valid for its whole window: one that already signed someone in is refused (and counted).
        var usedKey = $"totp-used:{user.Id}:{code}";
        SignInResult result;
        if (await users.IsLockedOutAsync(user))
        {
            // Identity checks lockout for app codes but not for recovery codes: while locked, neither is tried.
            result = SignInResult.LockedOut;
        }
        else if (isAppCode && usedCodes.TryGetValue(usedKey, out _))
        {
            await users.AccessFailedAsync(user);
            result = await users.IsLockedOutAsync(user) ? SignInResult.LockedOut : SignInResult.Failed;
        }
        else if (isAppCode)
        {
            result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false);
        }
        else
        {
            result = await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCodeAsStored(Code));
            // Identity does not count wrong recovery codes; they are guesses like any other.
            if (!result.Succeeded && !result.IsLockedOut)
            {
                await users.AccessFailedAsync(user);
                if (await users.IsLockedOutAsync(user)) result = SignInResult.LockedOut;
            }
        }
        if (result.Succeeded)
        {
            if (isAppCode) usedCodes.Set(usedKey, true, TimeSpan.FromMinutes(3));
            logger.LogInformation(AccountEvents.SignedIn, "User {UserId} signed in with a second factor", user.Id);
            return LocalRedirect(SafeRedirect.LocalOr(Url, ReturnUrl));
        }
        logger.LogWarning(result.IsLockedOut ? AccountEvents.LockedOut : AccountEvents.SignInFailed, "Second factor failed for user {UserId}", user.Id);
        ModelState.AddModelError(nameof(Code), "That code did not work.");
        return Page();
    }

    /// <summary>
    /// A recovery code as Identity wrote it ("TMGX6-7WT7K"), from how it is typed: lower case, with a space or without the
    /// dash. Each near miss was refused and counted towards the lockout, which bit the shopper who had lost their phone
    /// (an outside review, session 52).
    /// </summary>
    internal static string RecoveryCodeAsStored(string typed)
    {
        var plain = string.Concat(typed.Where(c => !char.IsWhiteSpace(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.DashPunctuation))
            .ToUpperInvariant();
        return plain.Length == 10 && plain.All(char.IsAsciiLetterOrDigit) ? $"{plain[..5]}-{plain[5..]}" : typed.Trim();
    }
}
