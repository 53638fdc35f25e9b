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
/// The link in the confirmation mail, then the password chosen at registration. Asking for it closes a squat: anyone
/// can register someone else's address with a password of their own, and a link that confirmed by itself would let
/// the mailbox's owner confirm an account whose password the squatter knows. Someone who does not know the password
/// resets it through the mailbox instead (that confirms the address too).
/// </summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ConfirmEmailModel(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, Reauthentication reauthentication,
    GuestOrderClaims guestOrders, ILogger<ConfirmEmailModel> logger) : PageModel
{
    public bool LinkWorks { get; private set; }
    public bool AlreadyConfirmed { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Enter the password you chose when you registered.")]
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
        if (await CheckLinkAsync() is not { } user || AlreadyConfirmed) return Page();
        if (!ModelState.IsValid) return Page();
        // Not the registration password: the mailbox's owner may not have registered this account at all.
        if (!await reauthentication.ConfirmLinkAsync(this, user, Password, nameof(Password), WrongPassword)) return Page();
        if (!(await users.ConfirmEmailAsync(user, AccountTokens.Decode(Code)!)).Succeeded)
        {
            LinkWorks = false;
            return Page();
        }
        logger.LogInformation(AccountEvents.EmailConfirmed, "Email confirmed for user {UserId}", user.Id);
        await signIn.SignInAsync(user, isPersistent: false);
        // The mailbox is proven: guest orders placed with this address become the account's.
        if (await guestOrders.ClaimAllAsync(user) is > 0 and var claimed)
        {
            Flash.Set(TempData, $"Thank you: your email is confirmed and you are signed in. {(claimed == 1 ? "Your guest order is" : $"Your {claimed} guest orders are")} now in your account.");
            return LocalRedirect("/orders");
        }
        Flash.Set(TempData, "Thank you: your email is confirmed and you are signed in.");
        return LocalRedirect("/");
    }

    public const string WrongPassword = "That is not the password this account was registered with. If you did not register it, or do not remember the password, choose a new one: the link goes to this address.";

    private async Task<StoreUser?> CheckLinkAsync()
    {
        if (string.IsNullOrEmpty(UserId) || AccountTokens.Decode(Code) is not { } token || await users.FindByIdAsync(UserId) is not { } user) return null;
        // The token first: without a real link the page says nothing about the account (not even that it is confirmed).
        LinkWorks = await users.VerifyUserTokenAsync(user, users.Options.Tokens.EmailConfirmationTokenProvider, UserManager<StoreUser>.ConfirmEmailTokenPurpose, token);
        AlreadyConfirmed = LinkWorks && user.EmailConfirmed;
        return LinkWorks ? user : null;
    }
}
