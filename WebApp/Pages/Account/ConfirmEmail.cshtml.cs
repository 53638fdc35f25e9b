using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Accounts;

namespace WebApp.Pages.Account;

public sealed class ConfirmEmailModel(UserManager<StoreUser> users, ILogger<ConfirmEmailModel> logger) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code) || await users.FindByIdAsync(userId) is not { } user) return;
        if (AccountTokens.Decode(code) is not { } token) return;
        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
        if (Confirmed) logger.LogInformation(AccountEvents.EmailConfirmed, "Email confirmed for user {UserId}", user.Id);
    }
}
