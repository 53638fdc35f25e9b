using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WebApp.Backups;

namespace WebApp.Cli;

public static class BackupCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "The backup file, or a folder (the file is then named webapp-manual-<UTC time>.db)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists" };
        var command = new Command("backup", "Copy the database while the store runs (VACUUM INTO), check the copy and make it readable by its owner only") { to, force };
        command.SetAction(async (parse, ct) =>
        {
            using var host = StoreCommands.BuildHost();
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var environment = host.Services.GetRequiredService<IHostEnvironment>();
            var database = BackupServices.DatabasePathOf(configuration, environment.ContentRootPath);
            try
            {
                var now = DateTimeOffset.UtcNow;
                var result = await DatabaseBackup.CreateAsync(database, parse.GetValue(to)!, parse.GetValue(force), now, ct, DatabaseBackup.ManualPrefix);
                TryRecord(database, LastBackup.Of(result, now));
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"[green]Backed up {database} to {result.Path}: {DatabaseFile.Size(result.Bytes)} ({result.Bytes:N0} bytes) in {result.Duration.TotalSeconds:F1} s. integrity_check and foreign_key_check passed; the file is readable by its owner only.[/]");
                return 0;
            }
            catch (BackupFailedException e)
            {
                if (File.Exists(database)) TryRecord(database, LastBackup.Failure(e.Message, DateTimeOffset.UtcNow));
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Backup failed: {e.Message}[/]");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The dashboard's "last backup" line; a backup that worked is not failed for want of writing it.</summary>
    private static void TryRecord(string database, LastBackup attempt)
    {
        try
        {
            LastBackup.Record(database, attempt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]Could not record the result for the dashboard: {e.Message}[/]");
        }
    }
}
