using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ForgotPasswordModel(AccountMail accountMail, MailLinks links) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Mailbox]
        [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "Keep the email address under 254 characters.")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // The same page, and the same work, whatever the address: only its owner learns, by mail, that it has an account
        // (AccountMail looks it up in the background).
        await accountMail.RequestAsync(AccountMailKind.ResetPassword, Input.Email, links.Link(Request, ""));
        Sent = true;
        return Page();
    }
}
