namespace WebApp.Data;

/// <summary>The store will not start, for a reason already logged as one line; Program.cs exits with code 1 instead of a stack trace.</summary>
public sealed class StartupRefusedException : Exception
{
    public StartupRefusedException()
    {
    }

    public StartupRefusedException(string message) : base(message)
    {
    }

    public StartupRefusedException(string message, Exception inner) : base(message, inner)
    {
    }
}
