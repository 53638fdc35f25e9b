using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Security;

namespace WebApp.Pages.Account.Manage;

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP), and the recovery codes that stand in for it. Opening the page
/// changes nothing; the key is made when the user starts setting up, and turning it off asks for the password.
/// </summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class TwoFactorModel(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, IUserStore<StoreUser> store,
    Reauthentication reauthentication, SecurityNotices notices, ILogger<TwoFactorModel> logger) : PageModel
{
    public bool Enabled { get; private set; }
    public string? SharedKey { get; private set; }
    public string AuthenticatorUri { get; private set; } = "";
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    [BindProperty]
    [StringLength(7, MinimumLength = 6, ErrorMessage = "Enter the 6-digit code from your app.")]
    [Display(Name = "Code from the app")]
    public string? Code { get; set; }

    [BindProperty]
    [StringLength(PasswordPolicy.MaxLength)]
    [DataType(DataType.Password)]
    [Display(Name = "Your password")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    /// <summary>
    /// Makes the shared key. Written through the store rather than <c>ResetAuthenticatorKeyAsync</c>, which also renews
    /// the security stamp and so would sign the account out everywhere else for a key not yet in use.
    /// </summary>
    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            await ((IUserAuthenticatorKeyStore<StoreUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), ct);
            await users.UpdateAsync(user);
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your app.");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password to turn on two-factor sign-in.");
        if (!ModelState.IsValid || string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            await LoadAsync(user);
            return Page();
        }
        // Turning it on with a borrowed session would hand the thief the recovery codes and lock the owner out.
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => LoadAsync(user)) is { } refused) return refused;
        var code = Code!.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code did not match. Check the time on your phone and try the next code.");
            await LoadAsync(user);
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await signIn.RefreshSignInAsync(user);
        await notices.SendAsync(user, "Two-factor sign-in was turned on for your account.");
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} turned on two-factor sign-in", user.Id);
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password to turn off two-factor sign-in.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => LoadAsync(user)) is { } refused) return refused;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await notices.SendAsync(user, "Two-factor sign-in was turned off for your account.");
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} turned off two-factor sign-in", user.Id);
        return RedirectToPage();
    }

    private async Task LoadAsync(StoreUser user)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        SharedKey = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(SharedKey))
        {
            AuthenticatorUri = string.Create(CultureInfo.InvariantCulture,
                $"otpauth://totp/WebApp%20Store:{Uri.EscapeDataString(user.Email!)}?secret={SharedKey}&issuer=WebApp%20Store&digits=6");
        }
    }
}
