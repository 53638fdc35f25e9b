using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Security;

namespace WebApp.Pages.Account;

/// <summary>The second step of signing in: a code from the authenticator app, or a recovery code. Failures count towards lockout.</summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class LoginTwoFactorModel(SignInManager<StoreUser> signIn, ILogger<LoginTwoFactorModel> logger) : PageModel
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
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user) return RedirectToPage("/Account/Login");
        if (!ModelState.IsValid) return Page();

        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(Code.Trim());
        if (result.Succeeded)
        {
            logger.LogInformation(AccountEvents.SignedIn, "User {UserId} signed in with a second factor", user.Id);
            return LocalRedirect(SafeRedirect.LocalOr(Url, ReturnUrl));
        }
        logger.LogWarning(result.IsLockedOut ? AccountEvents.LockedOut : AccountEvents.SignInFailed, "Second factor failed for user {UserId}", user.Id);
        ModelState.AddModelError(nameof(Code), "That code did not work.");
        return Page();
    }
}
