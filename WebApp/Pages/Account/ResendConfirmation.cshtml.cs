using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ResendConfirmationModel(AccountMail accountMail, MailLinks links) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [Mailbox]
    [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "Keep the email address under 254 characters.")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        // Looked up in the background: the same work whatever the address (AccountMail).
        await accountMail.RequestAsync(AccountMailKind.Confirm, Email, links.Link(Request, ""));
        Sent = true;
        return Page();
    }
}
