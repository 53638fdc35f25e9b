namespace WebApp.Admin;

/// <summary>What an admin action did, in the words the page shows: done, or refused and why.</summary>
public sealed record AdminOutcome(bool Done, string Message)
{
    public static AdminOutcome Ok(string message) => new(true, message);

    public static AdminOutcome Refused(string message) => new(false, message);
}
