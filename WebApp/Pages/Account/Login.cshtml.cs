using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Accounts;
using WebApp.Mail;
using WebApp.Data;
using WebApp.Security;

namespace WebApp.Pages.Account;

[EnableRateLimiting(RateLimits.Accounts)]
public sealed class LoginModel(SignInManager<StoreUser> signIn, UserManager<StoreUser> users, SignInGate gate, StoreDbContext db, ILogger<LoginModel> logger) : PageModel
{
    /// <summary>One answer for every failure, so the form never tells whether an account exists, is locked or unconfirmed.</summary>
    public const string Failure = "That email and password did not work. Check them, confirm your email if you have not, or try again in 15 minutes.";

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
        [StringLength(PasswordPolicy.MaxLength)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in for 14 days")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            // A forged "remember me" such as "1" would fail again when the checkbox is drawn from it.
            ModelState.Remove("Input.RememberMe");
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        using var turn = user is null ? null : await gate.EnterAsync(user.Id);
        if (user is not null) await db.Entry(user).ReloadAsync();   // the failure count the previous check saved
        if (user is null || !await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            // Identity rejects unconfirmed and locked accounts before hashing: spend the time a real check would, so
            // an unknown, unconfirmed or locked address is not faster to reject than a wrong password.
            users.PasswordHasher.VerifyHashedPassword(user ?? new StoreUser(), DummyHash, Input.Password);
            if (user is null) logger.LogWarning(AccountEvents.SignInFailed, "Sign-in failed for an unknown address");
            else logger.LogWarning(AccountEvents.SignInFailed, "Sign-in refused for user {UserId}: unconfirmed or locked out", user.Id);
            ModelState.AddModelError(string.Empty, Failure);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation(AccountEvents.SignedIn, "User {UserId} signed in", user.Id);
            return LocalRedirect(SafeRedirect.LocalOr(Url, ReturnUrl));
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginTwoFactor", new { returnUrl = SafeRedirect.LocalOr(Url, ReturnUrl), rememberMe = Input.RememberMe });
        }
        if (result.IsLockedOut) logger.LogWarning(AccountEvents.LockedOut, "User {UserId} is locked out", user.Id);
        else logger.LogWarning(AccountEvents.SignInFailed, "Sign-in failed for user {UserId}", user.Id);
        ModelState.AddModelError(string.Empty, Failure);
        return Page();
    }

    private static readonly string DummyHash = new PasswordHasher<StoreUser>().HashPassword(new StoreUser(), "not a real password, only here to take time");
}
