using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class LoginModel(PasswordSignIn passwords) : PageModel
{
    /// <summary>One answer for every failure, so the form never tells whether an account exists, is locked or unconfirmed.</summary>
    public const string Failure = PasswordSignIn.Failure;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [Mailbox]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [StringLength(PasswordPolicy.MaxLength, ErrorMessage = PasswordPolicy.TooLongMessage)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in for 14 days")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        // A forged "remember me" such as "1" is refused with its message, the box drawn unticked (UnreadableCheckboxes).
        if (!ModelState.IsValid) return Page();

        var result = await passwords.SignInAsync(Input.Email, Input.Password, Input.RememberMe);
        if (result.Succeeded) return LocalRedirect(SafeRedirect.LocalOr(Url, ReturnUrl));
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginTwoFactor", new { returnUrl = SafeRedirect.LocalOr(Url, ReturnUrl), rememberMe = Input.RememberMe });
        }
        ModelState.AddModelError(string.Empty, Failure);
        return Page();
    }
}
