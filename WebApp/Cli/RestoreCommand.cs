using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using WebApp.Backups;
using WebApp.Data;

namespace WebApp.Cli;

public static class RestoreCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "The backup file to put in place of the store's database", Required = true };
        var command = new Command("restore", "Replace the database with a backup (the store must be stopped); the current database is kept beside it") { from };
        command.SetAction(async (parse, ct) =>
        {
            using var host = StoreCommands.BuildHost();
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var environment = host.Services.GetRequiredService<IHostEnvironment>();
            await using var scope = host.Services.CreateAsyncScope();
            var known = scope.ServiceProvider.GetRequiredService<StoreDbContext>().Database.GetMigrations().ToList();
            try
            {
                var database = BackupServices.DatabasePathOf(configuration, environment.ContentRootPath);
                var result = await DatabaseRestore.RunAsync(database, parse.GetValue(from)!, known, DateTimeOffset.UtcNow, ct);
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"[green]Restored {Path.GetFullPath(parse.GetValue(from)!)} into {result.DatabasePath} ({DatabaseFile.Size(result.Bytes)}, checked) in {result.Duration.TotalSeconds:F1} s.[/]");
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"The database it replaced is kept at {result.KeptPath ?? "(there was none)"}.");
                if (result.PendingMigrations == 0)
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Its latest migration is {result.LatestMigration}, this release's too: start the store.");
                }
                else
                {
                    AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"Its latest migration is {result.LatestMigration}; the store applies the {result.PendingMigrations} newer ones when it starts (after copying it to backups/pre-migrate-...).");
                }
                return 0;
            }
            catch (BackupFailedException e)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]Restore refused: {e.Message}[/]");
                return 1;
            }
        });
        return command;
    }
}
