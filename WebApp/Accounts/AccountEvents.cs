namespace WebApp.Accounts;

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
    public static readonly EventId ReauthenticationFailed = new(1014, "ReauthenticationFailed");
    public static readonly EventId RoleChanged = new(1020, "RoleChanged");
    public static readonly EventId PasswordResetRequested = new(1030, "PasswordResetRequested");
    public static readonly EventId PasswordReset = new(1031, "PasswordReset");
    public static readonly EventId PasswordChanged = new(1032, "PasswordChanged");
    public static readonly EventId TwoFactorChanged = new(1033, "TwoFactorChanged");
    public static readonly EventId AccountMailHeld = new(1034, "AccountMailHeld");
    public static readonly EventId PersonalDataDownloaded = new(1040, "PersonalDataDownloaded");
    public static readonly EventId AccountDeleted = new(1041, "AccountDeleted");
}
