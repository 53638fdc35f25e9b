using System.Net;

namespace WebApp.Accounts;

public static class AccountMail
{
    /// <summary>
    /// An absolute link for a mail: from <c>App:BaseUrl</c> when set (behind a proxy the request's host may be internal),
    /// otherwise from the request.
    /// </summary>
    public static string Link(HttpRequest request, IConfiguration configuration, string pathAndQuery)
    {
        var baseUrl = configuration["App:BaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return baseUrl + pathAndQuery;
    }

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
}

/// <summary>Event ids for security events, so they can be found and alerted on; never with passwords or cookies.</summary>
public static class AccountEvents
{
    public static readonly EventId Registered = new(1001, "AccountRegistered");
    public static readonly EventId RegisterExisting = new(1002, "RegisterExistingEmail");
    public static readonly EventId EmailConfirmed = new(1003, "EmailConfirmed");
    public static readonly EventId SignedIn = new(1010, "SignInSucceeded");
    public static readonly EventId SignInFailed = new(1011, "SignInFailed");
    public static readonly EventId LockedOut = new(1012, "AccountLockedOut");
    public static readonly EventId SignedOut = new(1013, "SignedOut");
    public static readonly EventId RoleChanged = new(1020, "RoleChanged");
    public static readonly EventId PasswordResetRequested = new(1030, "PasswordResetRequested");
    public static readonly EventId PasswordReset = new(1031, "PasswordReset");
    public static readonly EventId PasswordChanged = new(1032, "PasswordChanged");
    public static readonly EventId TwoFactorChanged = new(1033, "TwoFactorChanged");
    public static readonly EventId PersonalDataDownloaded = new(1040, "PersonalDataDownloaded");
    public static readonly EventId AccountDeleted = new(1041, "AccountDeleted");
}
