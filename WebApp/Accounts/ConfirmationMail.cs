using Microsoft.AspNetCore.Identity;
using WebApp.Mail;

namespace WebApp.Accounts;

/// <summary>
/// The confirmation mail, made one way whether the account is new (the register page) or the shopper asked again
/// (<see cref="AccountMail"/>, in the background, with no request at hand: hence the site's address as an argument).
/// </summary>
public sealed class ConfirmationMail(UserManager<StoreUser> users, IEmailSender email, AccountMessages messages, LinkGenerator routes)
{
    /// <param name="siteUrl">The store's address for the link, without a trailing slash (<see cref="MailLinks"/>).</param>
    public async Task SendAsync(StoreUser user, string siteUrl, CancellationToken ct = default)
    {
        var code = AccountTokens.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var path = routes.GetPathByPage("/Account/ConfirmEmail", values: new { userId = user.Id, code })!;
        await email.SendAsync(messages.Confirm(user.Email!, siteUrl + path), ct);
    }
}
