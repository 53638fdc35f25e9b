using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Accounts;

namespace WebApp.Pages.Account;

public sealed class LogoutModel(SignInManager<StoreUser> signIn, UserManager<StoreUser> users, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            // A new security stamp invalidates every copy of the cookie (stamps are checked on each request).
            await users.UpdateSecurityStampAsync(user);
            logger.LogInformation(AccountEvents.SignedOut, "User {UserId} signed out", user.Id);
        }
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}
