using System.Net;

namespace WebApp.Accounts;

public static class AccountMail
{
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
}
