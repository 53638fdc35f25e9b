using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class RegisterModel(UserManager<StoreUser> users, IEmailSender email, IConfiguration configuration, ILogger<RegisterModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        [StringLength(254)]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(CommonPasswordValidator.MaxLength, MinimumLength = 12, ErrorMessage = "Use at least 12 and at most 128 characters.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var existing = await users.FindByEmailAsync(Input.Email);
        if (existing is not null)
        {
            // Same answer, same work as a new address: hash the password anyway so timing does not tell either.
            users.PasswordHasher.HashPassword(existing, Input.Password);
            logger.LogInformation(AccountEvents.RegisterExisting, "Registration attempted for an existing account");
            return RedirectToPage("/Account/CheckEmail");
        }

        var user = new StoreUser { UserName = Input.Email, Email = Input.Email, CreatedAt = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }
            return Page();
        }

        var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = AccountMail.Link(Request, configuration, Url.Page("/Account/ConfirmEmail", new { userId = user.Id, code })!);
        await email.SendAsync(AccountMail.Confirm(user.Email!, link));
        logger.LogInformation(AccountEvents.Registered, "Account {UserId} registered", user.Id);
        return RedirectToPage("/Account/CheckEmail");
    }
}
