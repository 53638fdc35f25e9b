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
public sealed class RegisterModel(UserManager<StoreUser> users, IEmailSender email, AccountMessages messages, MailLinks links, ConfirmationMail confirmation, AccountMail accountMail, ILogger<RegisterModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Mailbox]
        [StringLength(MailboxAttribute.MaxLength, ErrorMessage = "Keep the email address under 254 characters.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordPolicy.MaxLength, MinimumLength = PasswordPolicy.MinLength, ErrorMessage = PasswordPolicy.LengthMessage)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    /// <param name="email">Prefilled from a guest order's page ("create an account with this address").</param>
    public void OnGet(string? email)
    {
        if (email is not null && MailboxAttribute.IsMailbox(email)) Input.Email = email;
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // The password rules run before the address is looked up (and even when the address itself is refused, so
        // every problem shows at once): a refused password reads the same whether the address is taken or new, so the
        // form never tells which addresses have accounts.
        if (ModelState.GetFieldValidationState("Input.Password") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Valid)
        {
            var candidate = new StoreUser { UserName = Input.Email, Email = Input.Email };
            foreach (var validator in users.PasswordValidators)
            {
                foreach (var error in (await validator.ValidateAsync(users, candidate, Input.Password)).Errors) ModelState.AddModelError("Input.Password", error.Description);
            }
        }
        if (!ModelState.IsValid) return Page();

        var existing = await users.FindByEmailAsync(Input.Email);
        if (existing is not null)
        {
            // Same answer and the same work as a new address (a hash, a mail): only the owner learns, by mail.
            users.PasswordHasher.HashPassword(existing, Input.Password);
            // At most a few such notices an hour to one address, as for the other account mails (AccountMail).
            if (accountMail.MayMail(existing.Email!)) await email.SendAsync(messages.AlreadyRegistered(existing.Email!, links.Link(Request, "/account/login"), links.Link(Request, "/account/forgot-password")));
            logger.LogInformation(AccountEvents.RegisterExisting, "Registration attempted for an existing account");
            return CheckEmail();
        }

        // The password passed the rules above; hashing it here (not in CreateAsync, which would run the rules again)
        // keeps this path as costly as the taken-address one.
        var user = new StoreUser { UserName = Input.Email, Email = Input.Email, CreatedAt = DateTime.UtcNow };
        user.PasswordHash = users.PasswordHasher.HashPassword(user, Input.Password);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            // Two registrations of one address at once: the second finds it taken, and answers as for a taken one.
            if (result.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName")) return CheckEmail();
            foreach (var error in result.Errors) ModelState.AddModelError("Input.Email", error.Description);
            return Page();
        }

        // Counted with the address's other account mails: after five "already registered" notices it was a sixth.
        if (accountMail.MayMail(user.Email!)) await confirmation.SendAsync(user, links.Link(Request, ""));
        logger.LogInformation(AccountEvents.Registered, "Account {UserId} registered", user.Id);
        return CheckEmail();
    }

    // The page after names the address typed, to the browser that typed it (nothing anyone else learns): a mistyped
    // address waited for a mail that could never come (session 52's review).
    private RedirectToPageResult CheckEmail()
    {
        TempData[CheckEmailKey] = Input.Email.Trim();
        return RedirectToPage("/Account/CheckEmail");
    }

    public const string CheckEmailKey = "CheckEmail";
}
