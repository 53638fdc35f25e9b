using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ForgotPasswordModel(UserManager<StoreUser> users, IEmailSender email, AccountMessages messages, MailLinks links, ILogger<ForgotPasswordModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Mailbox]
        [StringLength(MailboxAttribute.MaxLength)]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The same page whatever the address: only its owner learns, by mail, that it has an account. Unconfirmed
        // accounts too: resetting through the mailbox is how its owner takes back an address someone else registered.
        if (await users.FindByEmailAsync(Input.Email) is { } user)
        {
            var code = AccountTokens.Encode(await users.GeneratePasswordResetTokenAsync(user));
            var link = links.Link(Request, Url.Page("/Account/ResetPassword", new { email = user.Email, code })!);
            await email.SendAsync(messages.ResetPassword(user.Email!, link));
            logger.LogInformation(AccountEvents.PasswordResetRequested, "Password reset requested for user {UserId}", user.Id);
        }
        Sent = true;
        return Page();
    }
}
