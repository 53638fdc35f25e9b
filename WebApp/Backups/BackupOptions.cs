namespace WebApp.Backups;

/// <summary>The "Backup" section: scheduled backups, off while <see cref="Directory"/> is empty.</summary>
public sealed class BackupOptions
{
    /// <summary>Where scheduled backups go (relative paths start at the content root). Empty: no schedule.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Time between two backups, counted from the last successful one (so a restart does not back up again at once).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How many of the schedule's own files to keep, newest first; older ones are deleted.</summary>
    public int Keep { get; set; } = 7;

    /// <summary>After a failed backup, the next try comes this much later (or after <see cref="Interval"/> if that is shorter).</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(15);
}
