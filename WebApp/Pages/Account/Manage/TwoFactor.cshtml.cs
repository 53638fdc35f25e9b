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
        return await ShowAsync(user, withKey: false);
    }

    /// <summary>
    /// Makes a new shared key and shows it, after the password: the key is only ever shown in answer to a post that
    /// proved the password, and each start replaces it, so a borrowed session cannot read or plant the key the owner
    /// later turns on. Written through the store rather than <c>ResetAuthenticatorKeyAsync</c>, which also renews the
    /// security stamp and so would sign the account out everywhere else for a key not yet in use.
    /// </summary>
    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (await users.GetTwoFactorEnabledAsync(user)) return RedirectToPage();
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password to set up two-factor sign-in.");
        if (!ModelState.IsValid) return await ShowAsync(user, withKey: false);
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => ShowAsync(user, withKey: false)) is { } refused) return refused;
        await ((IUserAuthenticatorKeyStore<StoreUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), ct);
        await users.UpdateAsync(user);
        ModelState.Clear();
        return await ShowAsync(user, withKey: true);
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (string.IsNullOrWhiteSpace(Code)) ModelState.AddModelError(nameof(Code), "Enter the 6-digit code from your app.");
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password to turn on two-factor sign-in.");
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user))) return RedirectToPage();
        if (!ModelState.IsValid) return await ShowAsync(user, withKey: true);
        // Turning it on with a borrowed session would hand the thief the recovery codes and lock the owner out.
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => ShowAsync(user, withKey: true)) is { } refused) return refused;
        var code = Code!.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(Code), "That code did not match. Check the time on your phone and try the next code.");
            return await ShowAsync(user, withKey: true);
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
        if (!ModelState.IsValid) return await ShowAsync(user, withKey: false);
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => ShowAsync(user, withKey: false)) is { } refused) return refused;
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await notices.SendAsync(user, "Two-factor sign-in was turned off for your account.");
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} turned off two-factor sign-in", user.Id);
        // The page came back as the set-up page with no word that it was off (session 52's review).
        Flash.Set(TempData, "Two-factor sign-in is now off. Your recovery codes no longer work.");
        return RedirectToPage();
    }

    /// <summary>The page; the key and its link only in answer to a post that checked the password (Start, Enable).</summary>
    private async Task<IActionResult> ShowAsync(StoreUser user, bool withKey)
    {
        Enabled = await users.GetTwoFactorEnabledAsync(user);
        SharedKey = withKey && !Enabled ? await users.GetAuthenticatorKeyAsync(user) : null;
        if (!string.IsNullOrEmpty(SharedKey))
        {
            AuthenticatorUri = string.Create(CultureInfo.InvariantCulture,
                $"otpauth://totp/WebApp%20Store:{Uri.EscapeDataString(user.Email!)}?secret={SharedKey}&issuer=WebApp%20Store&digits=6");
            // The link drawn as a QR code for the phone's camera: the page offered 32 letters to type or a link that
            // does nothing on a computer (session 52's review). A data: image, never stored or cached.
            using var generator = new QRCoder.QRCodeGenerator();
            using var data = generator.CreateQrCode(AuthenticatorUri, QRCoder.QRCodeGenerator.ECCLevel.M);
            QrCode = "data:image/png;base64," + Convert.ToBase64String(new QRCoder.PngByteQRCode(data).GetGraphic(5));
        }
        if (Enabled) RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        return Page();
    }

    /// <summary>The authenticator link as a PNG QR code (a data: address), while setting up.</summary>
    public string? QrCode { get; private set; }

    /// <summary>The key in groups of four, as it is read and typed.</summary>
    public string GroupedKey => SharedKey is null ? "" : string.Join(' ', SharedKey.Chunk(4).Select(c => new string(c)));

    /// <summary>While two-factor is on: how many recovery codes are still unused (each works once).</summary>
    public int RecoveryCodesLeft { get; private set; }

    /// <summary>
    /// New recovery codes, after the password: the old ones stop working. Shown once, as when two-factor was turned on;
    /// there was no way to see how many were left or make more short of turning it off and on (session 52's review).
    /// </summary>
    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!await users.GetTwoFactorEnabledAsync(user)) return RedirectToPage();
        if (string.IsNullOrEmpty(Password)) ModelState.AddModelError(nameof(Password), "Enter your password to make new recovery codes.");
        if (!ModelState.IsValid) return await ShowAsync(user, withKey: false);
        if (await reauthentication.RequirePasswordAsync(this, user, Password!, nameof(Password), () => ShowAsync(user, withKey: false)) is { } refused) return refused;
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        await notices.SendAsync(user, "New recovery codes were made for your account; the old ones no longer work.");
        logger.LogInformation(AccountEvents.TwoFactorChanged, "User {UserId} made new recovery codes", user.Id);
        Enabled = true;
        return Page();
    }
}
