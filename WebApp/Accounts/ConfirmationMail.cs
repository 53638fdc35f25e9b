using Microsoft.AspNetCore.Identity;
using WebApp.Mail;

namespace WebApp.Accounts;

/// <summary>The confirmation mail, made one way whether the account is new or the shopper asked again.</summary>
public sealed class ConfirmationMail(UserManager<StoreUser> users, IEmailSender email, AccountMessages messages, MailLinks links, LinkGenerator routes)
{
    public async Task SendAsync(StoreUser user, HttpContext http)
    {
        var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var path = routes.GetPathByPage(http, "/Account/ConfirmEmail", values: new { userId = user.Id, code })!;
        await email.SendAsync(messages.Confirm(user.Email!, links.Link(http.Request, path)));
    }
}
