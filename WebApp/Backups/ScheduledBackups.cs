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
                var due = backups.UntilDue();
                if (due > TimeSpan.Zero) await Task.Delay(due, clock, stoppingToken);
                await backups.RunScheduledAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The store is stopping; a backup cut short leaves no file (DatabaseBackup removes its partial copy).
        }
    }
}
