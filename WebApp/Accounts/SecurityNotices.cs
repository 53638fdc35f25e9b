using WebApp.Mail;

namespace WebApp.Accounts;

/// <summary>
/// Tells the account's owner, at its own address, that something about their sign-in changed (password, email,
/// two-factor): if it was not them, they learn at once.
/// </summary>
public sealed class SecurityNotices(IEmailSender email, AccountMessages messages, MailLinks links, IHttpContextAccessor http)
{
    public Task SendAsync(StoreUser user, string what, string? to = null) =>
        email.SendAsync(messages.SecurityNotice(to ?? user.Email!, what, links.Link(http.HttpContext!.Request, "/account/forgot-password")));
}
