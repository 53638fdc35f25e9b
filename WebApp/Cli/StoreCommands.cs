using System.CommandLine;
using WebApp.Data;

namespace WebApp.Cli;

/// <summary>
/// The store's command-line verbs. A verb is one small file with a <c>Create()</c> method; list it here.
/// Without a verb, Program.cs starts the web server (and host arguments such as --urls pass through to it).
/// </summary>
public static class StoreCommands
{
    private static RootCommand Build()
    {
        var root = new RootCommand("WebApp store. Run without a verb to start the web server.");
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(CreateAdminCommand.Create());
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(RestoreCommand.Create());
        return root;
    }

    public static bool IsCommandLine(string[] args)
    {
        if (args.Length == 0) return false;
        var first = args[0];
        return first is "-h" or "--help" or "-?" or "/?" or "--version"
            || Build().Subcommands.Any(c => c.Name == first || c.Aliases.Contains(first));
    }

    public static Task<int> InvokeAsync(string[] args)
    {
        // Output read by a script or a log gets whole lines: Spectre wraps at 80 columns when there is no terminal.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 4096;
        return Build().Parse(args).InvokeAsync();
    }

    /// <summary>A host with the store's configuration and database, for verbs; it never listens.</summary>
    internal static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddStoreDatabase();
        return builder.Build();
    }
}
