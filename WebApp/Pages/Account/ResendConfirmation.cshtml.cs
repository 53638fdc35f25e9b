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
public sealed class ResendConfirmationModel(UserManager<StoreUser> users, ConfirmationMail confirmation) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "Enter your email address.")]
    [Mailbox]
    [StringLength(MailboxAttribute.MaxLength)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        if (await users.FindByEmailAsync(Email) is { EmailConfirmed: false } user)
        {
            await confirmation.SendAsync(user, HttpContext);
        }
        Sent = true;
        return Page();
    }
}
