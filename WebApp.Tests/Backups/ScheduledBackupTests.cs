using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Backups;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Backups;

public sealed class ScheduledBackupTests : IDisposable
{
    private readonly string _folder = StoreCli.NewFolder();

    [Fact]
    public async Task Scheduled_backups_run_every_interval_keep_the_newest_N_and_leave_other_files_alone()
    {
        File.WriteAllText(Path.Combine(_folder, "keep-me.db"), "an operator's own file");
        using var store = new BackupStore
        {
            Products = 30,
            Settings = { ["Backup:Directory"] = _folder, ["Backup:Interval"] = "01:00:00", ["Backup:Keep"] = "2" },
        };
        var backups = store.Services.GetRequiredService<StoreBackups>();

        var first = await RecordedAsync(backups, () => { }, orAlready: true);
        Assert.True(first.Succeeded, first.Reason);
        for (var i = 0; i < 3; i++)
        {
            var next = await RecordedAsync(backups, () => store.Clock.Advance(TimeSpan.FromHours(1)));
            Assert.True(next.Succeeded, next.Reason);
        }

        var ours = Directory.GetFiles(_folder, "webapp-backup-*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["webapp-backup-20261130-100000-000Z.db", "webapp-backup-20261130-110000-000Z.db"], ours);
        Assert.True(File.Exists(Path.Combine(_folder, "keep-me.db")));
        Assert.All(ours, f => Assert.Equal(DatabaseFile.Private, StoreCli.ModeOf(Path.Combine(_folder, f!))));
        Assert.Equal("webapp-backup-20261130-110000-000Z.db", LastBackup.Read(store.DatabasePath)!.FileName);
    }

    [Fact]
    public async Task The_dashboard_shows_never_then_the_last_backup_then_a_failure_with_its_reason()
    {
        using var store = new BackupStore { Products = 30 };
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);

        var never = await admin.GetDocumentAsync("/admin");
        Assert.Contains("Never", never.QuerySelector("[data-testid=backup-never]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Scheduled backups are off", never.QuerySelector("[data-testid=backup]")!.TextContent, StringComparison.Ordinal);

        var (made, output) = await StoreCli.RunAsync(store.DatabasePath, "backup", "--to", _folder);
        Assert.True(made == 0, output);
        var ok = await admin.GetDocumentAsync("/admin");
        Assert.Equal("ok", ok.QuerySelector("[data-testid=backup-result]")!.TextContent);
        Assert.Equal(Path.GetFileName(Directory.GetFiles(_folder).Single()), ok.QuerySelector("[data-testid=backup-file]")!.TextContent);
        Assert.EndsWith("KiB", ok.QuerySelector("[data-testid=backup-size]")!.TextContent, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d s$", ok.QuerySelector("[data-testid=backup-duration]")!.TextContent);

        var (failed, _) = await StoreCli.RunAsync(store.DatabasePath, "backup", "--to", Path.Combine(_folder, "gone", "x.db"));
        Assert.Equal(1, failed);
        var bad = await admin.GetDocumentAsync("/admin");
        Assert.Equal("failed", bad.QuerySelector("[data-testid=backup-result]")!.TextContent);
        Assert.Contains($"failed: The folder {Path.Combine(_folder, "gone")} does not exist", bad.QuerySelector("[data-testid=backup-reason]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("The last good backup is from", bad.QuerySelector("[data-testid=backup]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_age_is_a_gauge_on_the_WebApp_Backups_meter()
    {
        using var store = new BackupStore { Products = 30 };
        _ = store.CreateClient();
        var meters = store.Services.GetRequiredService<IMeterFactory>();
        Assert.Null(Observe(meters));

        LastBackup.Record(store.DatabasePath, new LastBackup(store.Clock.GetUtcNow(), true, "b.db", 10, 0.1, null, store.Clock.GetUtcNow()));
        store.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(90, Observe(meters));

        LastBackup.Record(store.DatabasePath, LastBackup.Failure("disk full", store.Clock.GetUtcNow()));
        store.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(100, Observe(meters));
    }

    [Theory]
    [InlineData("Backup:Interval", "00:00:05", "Backup:Interval must be between 00:01:00")]
    [InlineData("Backup:Interval", "1000.00:00:00", "Backup:Interval must be between 00:01:00")]
    [InlineData("Backup:Keep", "0", "Backup:Keep must be between 1 and 10000")]
    public void Bad_backup_settings_refuse_to_start_with_a_clear_message(string key, string value, string message)
    {
        using var store = new BackupStore { Products = 0, Settings = { [key] = value, ["Backup:Directory"] = "backups" } };

        var refused = Assert.ThrowsAny<Exception>(() => store.CreateClient());
        Assert.Contains(message, Messages(refused) + Logged(store), StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_folder_that_is_a_file_refuses_to_start()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "");
        using var store = new BackupStore { Products = 0, Settings = { ["Backup:Directory"] = file } };

        var refused = Assert.ThrowsAny<Exception>(() => store.CreateClient());
        Assert.Contains($"Backup:Directory {file} is a file, not a folder", Messages(refused) + Logged(store), StringComparison.Ordinal);
    }

    // The store logs a refused setting as one critical line and exits 1 (Program.cs); the test host then only says it did not start.
    private static string Logged(BackupStore store) => " | " + string.Join(" | ", store.Logs.Entries.Select(e => e.Message));

    private static string Messages(Exception e) => StartupFailure.Messages(e);

    /// <summary>Runs <paramref name="trigger"/> and waits for the schedule to record its next attempt.</summary>
    private static async Task<LastBackup> RecordedAsync(StoreBackups backups, Action trigger, bool orAlready = false)
    {
        var recorded = new TaskCompletionSource<LastBackup>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRecorded(LastBackup attempt) => recorded.TrySetResult(attempt);
        backups.Recorded += OnRecorded;
        try
        {
            if (orAlready && backups.Last is { } done) return done;
            trigger();
            return await recorded.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            backups.Recorded -= OnRecorded;
        }
    }

    /// <summary>The gauge's current value for this store's meters only (other tests' stores share the process).</summary>
    private static double? Observe(IMeterFactory meters)
    {
        double? value = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == BackupMetrics.MeterName && instrument.Name == "webapp.backup.age" && ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value;
    }

    public void Dispose() => StoreCli.DeleteFolder(_folder);
}
