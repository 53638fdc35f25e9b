using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Accounts;

namespace WebApp.Pages.Account;

public sealed class ConfirmEmailChangeModel(UserManager<StoreUser> users, SignInManager<StoreUser> signIn, SecurityNotices notices, ILogger<ConfirmEmailChangeModel> logger) : PageModel
{
    public bool Changed { get; private set; }

    public async Task OnGetAsync(string? userId, string? email, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(code) || await users.FindByIdAsync(userId) is not { } user) return;
        if (AccountTokens.Decode(code) is not { } token) return;
        var oldEmail = user.Email!;
        // The email is the user name here: both change, or neither (ChangeEmailAsync saves, so set the name first).
        user.UserName = email;
        if (!(await users.ChangeEmailAsync(user, email, token)).Succeeded) return;
        await notices.SendAsync(user, $"The email address of your account was changed to {email}.", to: oldEmail);
        if (signIn.IsSignedIn(User)) await signIn.RefreshSignInAsync(user);
        logger.LogInformation(AccountEvents.EmailConfirmed, "User {UserId} changed their email", user.Id);
        Changed = true;
    }
}
