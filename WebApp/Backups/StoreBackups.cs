using Microsoft.Extensions.Options;

namespace WebApp.Backups;

/// <summary>
/// The running store's side of backups: where its database is, the last attempt (read from the file the verb writes
/// too), and one scheduled backup with its pruning. Holds the <see cref="StoreInUse"/> lock while the store runs.
/// </summary>
public sealed class StoreBackups(string databasePath, string? directory, IOptions<BackupOptions> options, TimeProvider clock, ILogger<StoreBackups> log) : IDisposable
{
    private StoreInUse? _inUse;

    public string DatabasePath { get; } = databasePath;

    /// <summary>The schedule's folder, resolved; null when scheduled backups are off.</summary>
    public string? Directory { get; } = directory;

    public LastBackup? Last => LastBackup.Read(DatabasePath);

    /// <summary>Raised after each scheduled attempt is recorded.</summary>
    public event Action<LastBackup>? Recorded;

    /// <summary>Takes the shared "a store runs here" lock; false when a restore or an upgrade holds it.</summary>
    public bool TryHoldDatabase()
    {
        _inUse ??= StoreInUse.TryShared(DatabasePath);
        return _inUse is not null;
    }

    /// <summary>
    /// Trades the shared lock for the exclusive one (for applying migrations); null while another store runs on the
    /// database. A second lock from this process would conflict with its own shared one, hence the trade.
    /// </summary>
    public StoreInUse? TryHoldExclusively()
    {
        _inUse?.Dispose();
        _inUse = null;
        return StoreInUse.TryExclusive(DatabasePath);
    }

    /// <summary>When the next scheduled backup is due, from the last attempt: an interval after a success, sooner after a failure.</summary>
    public TimeSpan UntilDue()
    {
        var last = Last;
        if (last is null) return TimeSpan.Zero;
        var wait = last.Succeeded ? options.Value.Interval : TimeSpan.FromTicks(Math.Min(options.Value.Interval.Ticks, BackupOptions.RetryAfterFailure.Ticks));
        return last.At + wait - clock.GetUtcNow();
    }

    /// <summary>One scheduled backup into <see cref="Directory"/>, then the oldest of the schedule's files beyond Keep are deleted. Never throws for a failed backup: it is recorded and logged.</summary>
    public async Task<LastBackup> RunScheduledAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        LastBackup attempt;
        try
        {
            System.IO.Directory.CreateDirectory(Directory!);
            var result = await DatabaseBackup.CreateAsync(DatabasePath, Directory!, force: false, now, ct);
            attempt = LastBackup.Of(result, now);
            log.LogInformation("Backed up the database to {File} ({Bytes} bytes) in {Seconds:F1} s", result.Path, result.Bytes, result.Duration.TotalSeconds);
            foreach (var old in Prune(Directory!, options.Value.Keep)) log.LogInformation("Deleted old backup {File} (Backup:Keep is {Keep})", old, options.Value.Keep);
        }
        catch (Exception e) when (e is BackupFailedException or IOException or UnauthorizedAccessException)
        {
            var reason = e is BackupFailedException ? e.Message : DatabaseBackup.Explain(e, Directory!, "backup");
            attempt = LastBackup.Failure(reason, now);
            log.LogError("Scheduled backup failed: {Reason}", reason);
        }
        try
        {
            LastBackup.Record(DatabasePath, attempt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("Could not record the last backup's result beside the database: {Reason}", e.Message);
        }
        Recorded?.Invoke(attempt);
        return attempt;
    }

    /// <summary>Deletes the schedule's own files (<see cref="DatabaseBackup.FilePrefix"/>) beyond the newest <paramref name="keep"/>; anything else in the folder is left alone.</summary>
    public static IReadOnlyList<string> Prune(string directory, int keep)
    {
        var ours = System.IO.Directory.GetFiles(directory, DatabaseBackup.FilePrefix + "*Z.db")
            .OrderByDescending(Path.GetFileName, StringComparer.Ordinal).Skip(keep).ToList();
        foreach (var file in ours) File.Delete(file);
        return ours;
    }

    public void Dispose() => _inUse?.Dispose();
}
