namespace WebApp.Backups;

/// <summary>A backup or restore that did not happen, with a message an operator can act on (no stack trace needed).</summary>
public sealed class BackupFailedException : Exception
{
    public BackupFailedException()
    {
    }

    public BackupFailedException(string message) : base(message)
    {
    }

    public BackupFailedException(string message, Exception inner) : base(message, inner)
    {
    }
}
