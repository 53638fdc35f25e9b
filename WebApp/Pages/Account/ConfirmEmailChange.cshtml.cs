using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Orders;
using WebApp.Security;

namespace WebApp.Pages.Account;

/// <summary>
/// The link mailed to a new address, then the account's password. Opening the link changes nothing (a mail scanner
/// or link preview fetches it too); the change needs the password of the account that asked for it, so nobody can
/// attach someone else's address to an account of their own by having its owner, or their mail filter, open a link.
/// </summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ConfirmEmailChangeModel(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, Reauthentication reauthentication,
    SecurityNotices notices, GuestOrderClaims guestOrders, ILogger<ConfirmEmailChangeModel> logger) : PageModel
{
    public bool LinkWorks { get; private set; }
    public bool Changed { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the password of your account.")]
    [StringLength(PasswordPolicy.MaxLength, ErrorMessage = PasswordPolicy.TooLongMessage)]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public async Task OnGetAsync()
    {
        ModelState.Clear();
        await CheckLinkAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CheckLinkAsync() is not { } user) return Page();
        if (!ModelState.IsValid) return Page();
        if (!await reauthentication.ConfirmLinkAsync(this, user, Password, nameof(Password))) return Page();
        var oldEmail = user.Email!;
        // The email is the user name here: both change, or neither (ChangeEmailAsync saves, so set the name first).
        user.UserName = Email;
        if (!(await users.ChangeEmailAsync(user, Email!, AccountTokens.Decode(Code)!)).Succeeded)
        {
            LinkWorks = false;
            return Page();
        }
        await notices.SendAsync(user, $"The email address of your account was changed to {Email}.", to: oldEmail);
        await guestOrders.ClaimAllAsync(user);
        if (signIn.IsSignedIn(User)) await signIn.RefreshSignInAsync(user);
        logger.LogInformation(AccountEvents.EmailConfirmed, "User {UserId} changed their email", user.Id);
        Changed = true;
        return Page();
    }

    private async Task<StoreUser?> CheckLinkAsync()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Email) || AccountTokens.Decode(Code) is not { } token
            || await users.FindByIdAsync(UserId) is not { } user) return null;
        LinkWorks = await users.VerifyUserTokenAsync(user, users.Options.Tokens.ChangeEmailTokenProvider, UserManager<StoreUser>.GetChangeEmailTokenPurpose(Email), token);
        return LinkWorks ? user : null;
    }
}
