using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Accounts;

namespace WebApp.Pages.Account.Manage;

/// <summary>Two-factor sign-in with an authenticator app (TOTP), and the recovery codes that stand in for it.</summary>
public sealed class TwoFactorModel(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, ILogger<TwoFactorModel> logger) : PageModel
{
    public bool Enabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    [Required(ErrorMessage = "Enter the 6-digit code from your app.")]
    [StringLength(7, MinimumLength = 6, ErrorMessage = "Enter the 6-digit code from your app.")]
    [Display(Name = "Code from the app")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        var code = Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code did not match. Check the time on your phone and try the next code.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} turned on two-factor sign-in", user.Id);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} turned off two-factor sign-in", user.Id);
        return RedirectToPage();
    }

    private async Task LoadAsync(StoreUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            // A new key changes the security stamp, which would end this very session at its next request.
            await signIn.RefreshSignInAsync(user);
        }
        SharedKey = key!;
        AuthenticatorUri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/WebApp%20Store:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer=WebApp%20Store&digits=6");
    }
}
