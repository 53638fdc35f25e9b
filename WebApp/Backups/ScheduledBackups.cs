namespace WebApp.Backups;

/// <summary>
/// Backs the database up every <c>Backup:Interval</c> into <c>Backup:Directory</c> and keeps the newest <c>Backup:Keep</c>
/// files; off when the folder is empty. Due times count from the last recorded attempt, so a restart neither skips nor
/// repeats one.
/// </summary>
public sealed class ScheduledBackups(StoreBackups backups, BackupMetrics metrics, TimeProvider clock, ILogger<ScheduledBackups> log) : BackgroundService
{
    // Created with the service so the backup-age gauge exists whether or not the schedule is on.
    private readonly BackupMetrics _metrics = metrics;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        GC.KeepAlive(_metrics);
        if (backups.Directory is null)
        {
            log.LogInformation("Scheduled backups are off (Backup:Directory is empty)");
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await UntilDueAsync(stoppingToken);
                await backups.RunScheduledAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The store is stopping; a backup cut short leaves no file (DatabaseBackup removes its partial copy).
        }
    }

    /// <summary>
    /// Waits until the next backup is due. The timer counts from when it starts, not from when the wait was read, so
    /// the clock is read again once it runs: a clock that moved past the due time in between (a test's fake clock
    /// advanced on another thread, seen as a scheduled test waiting out its 60 s) would otherwise be waited out a
    /// whole interval more.
    /// </summary>
    private async Task UntilDueAsync(CancellationToken stoppingToken)
    {
        var due = backups.UntilDue();
        if (due <= TimeSpan.Zero) return;
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(due, clock, wake.Token);
        if (backups.UntilDue() > TimeSpan.Zero) await delay;
        else wake.Cancel();
    }
}
