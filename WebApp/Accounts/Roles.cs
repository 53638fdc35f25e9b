namespace WebApp.Accounts;

/// <summary>Role names, spelled once.</summary>
public static class Roles
{
    public const string Admin = "Admin";
}
