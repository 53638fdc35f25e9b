using System.Net;

namespace WebApp.Mail;

/// <summary>The account mails: confirm, confirm a new address, reset, and "you already have an account".</summary>
public static class AccountMessages
{
    public static EmailMessage ConfirmChange(string to, string link) => new(
        to,
        "Confirm your new email address for WebApp Store",
        $"Open this link to use this address for your WebApp Store account:\r\n{link}\r\n\r\nIf you did not ask for this, ignore this message.",
        $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Use this address for your WebApp Store account</a></p><p>If you did not ask for this, ignore this message.</p>");

    public static EmailMessage ResetPassword(string to, string link) => new(
        to,
        "Reset your WebApp Store password",
        $"Someone asked to reset the password of this account.\r\n\r\nChoose a new password here:\r\n{link}\r\n\r\nIf it was not you, ignore this message: your password stays as it is.",
        $"<p>Someone asked to reset the password of this account.</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Choose a new password</a></p><p>If it was not you, ignore this message: your password stays as it is.</p>");

    public static EmailMessage Confirm(string to, string link) => new(
        to,
        "Confirm your WebApp Store account",
        $"Welcome to WebApp Store.\r\n\r\nConfirm your email address by opening this link:\r\n{link}\r\n\r\nIf you did not create an account, ignore this message.",
        $"<p>Welcome to WebApp Store.</p><p><a href=\"{WebUtility.HtmlEncode(link)}\">Confirm your email address</a></p><p>If you did not create an account, ignore this message.</p>");

    /// <summary>Sent when someone registers an address that has an account: the owner learns, the form tells no one.</summary>
    public static EmailMessage AlreadyRegistered(string to, string signInLink, string resetLink) => new(
        to,
        "You already have a WebApp Store account",
        $"Someone (perhaps you) tried to create a WebApp Store account with this address, which already has one.\r\n\r\nSign in here:\r\n{signInLink}\r\n\r\nForgot your password? Choose a new one here:\r\n{resetLink}\r\n\r\nIf it was not you, ignore this message: nothing has changed.",
        $"<p>Someone (perhaps you) tried to create a WebApp Store account with this address, which already has one.</p><p><a href=\"{WebUtility.HtmlEncode(signInLink)}\">Sign in</a> or <a href=\"{WebUtility.HtmlEncode(resetLink)}\">choose a new password</a>.</p><p>If it was not you, ignore this message: nothing has changed.</p>");

    public static EmailMessage SecurityNotice(string to, string what, string resetLink) => new(
        to,
        "A change to your WebApp Store account",
        $"{what}\r\n\r\nIf this was you, there is nothing to do. If it was not, choose a new password now:\r\n{resetLink}",
        $"<p>{WebUtility.HtmlEncode(what)}</p><p>If this was you, there is nothing to do. If it was not, <a href=\"{WebUtility.HtmlEncode(resetLink)}\">choose a new password now</a>.</p>");
}
