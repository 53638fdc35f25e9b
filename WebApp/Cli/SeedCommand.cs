using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using WebApp.Data;
using WebApp.Seeding;

namespace WebApp.Cli;

public static class SeedCommand
{
    public static Command Create()
    {
        var products = new Option<int>("--products", "-n")
        {
            Description = "How many demo products to generate (deterministic: the same N gives the same products)",
            DefaultValueFactory = _ => 10_000,
        };
        products.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 50_000_000) r.AddError("--products must be between 0 and 50,000,000.");
        });
        var reset = new Option<bool>("--reset") { Description = "Delete the existing catalogue first" };

        var command = new Command("seed", "Fill the catalogue with generated demo products") { products, reset };
        command.SetAction(async (parse, ct) =>
        {
            using var host = StoreCommands.BuildHost();
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Database.MigrateAsync(ct);
            }
            var seeder = host.Services.GetRequiredService<CatalogSeeder>();
            var n = parse.GetValue(products);
            try
            {
                SeedResult? result = null;
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var writing = ctx.AddTask($"Writing {n:N0} products", maxValue: Math.Max(n, 1));
                        var indexes = ctx.AddTask("Building indexes", autoStart: false, maxValue: 1);
                        var search = ctx.AddTask("Building the search index", autoStart: false, maxValue: 1);
                        var progress = new SynchronousProgress<SeedProgress>(p =>
                        {
                            writing.Value = p.ProductsWritten;
                            if (p.Phase >= SeedPhase.Indexes && !indexes.IsStarted) { writing.Value = writing.MaxValue; indexes.StartTask(); indexes.IsIndeterminate = true; }
                            if (p.Phase >= SeedPhase.SearchIndex && !search.IsStarted) { indexes.IsIndeterminate = false; indexes.Value = 1; search.StartTask(); search.IsIndeterminate = true; }
                        });
                        result = await seeder.SeedAsync(n, parse.GetValue(reset), progress, ct);
                        foreach (var task in new[] { writing, indexes, search })
                        {
                            if (!task.IsStarted) task.StartTask();
                            task.IsIndeterminate = false;
                            task.Value = task.MaxValue;
                        }
                    });
                AnsiConsole.MarkupLine($"[green]Seeded {result!.Products:N0} products, {result.Categories} categories and {result.Brands} brands in {result.Elapsed.TotalSeconds:F1} s.[/]");
                return 0;
            }
            catch (InvalidOperationException e)
            {
                AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
                return 1;
            }
        });
        return command;
    }
}
