using Microsoft.Extensions.Options;
using WebApp.Data;

namespace WebApp.Backups;

public static class BackupServices
{
    /// <summary>Scheduled backups ("Backup" section, validated at start), the last result for the dashboard, the backup-age metric.</summary>
    public static WebApplicationBuilder AddStoreBackups(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackupOptions>().Bind(builder.Configuration.GetSection("Backup"))
            .Validate(o => o.Interval >= TimeSpan.FromMinutes(1) && o.Interval <= TimeSpan.FromDays(366),
                "Backup:Interval must be between 00:01:00 (a minute) and 366.00:00:00, e.g. \"1.00:00:00\" for daily.")
            .Validate(o => o.Keep is >= 1 and <= 10_000, "Backup:Keep must be between 1 and 10000.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Directory) || o.Directory.IndexOfAny(Path.GetInvalidPathChars()) < 0,
                "Backup:Directory is not a valid folder path.")
            .ValidateOnStart();
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddSingleton<IValidateOptions<BackupOptions>>(new FolderIsNotAFile(contentRoot));
        var databasePath = DatabasePathOf(builder.Configuration, contentRoot);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<BackupOptions>>();
            var folder = FolderOf(options.Value, contentRoot);
            return new StoreBackups(databasePath, folder, options, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<StoreBackups>>());
        });
        builder.Services.AddSingleton<BackupMetrics>();
        builder.Services.AddHostedService<ScheduledBackups>();
        return builder;
    }

    private static string? FolderOf(BackupOptions options, string contentRoot) =>
        string.IsNullOrWhiteSpace(options.Directory) ? null : Path.GetFullPath(Path.Combine(contentRoot, options.Directory));

    private sealed class FolderIsNotAFile(string contentRoot) : IValidateOptions<BackupOptions>
    {
        public ValidateOptionsResult Validate(string? name, BackupOptions options) =>
            FolderOf(options, contentRoot) is { } folder && File.Exists(folder)
                ? ValidateOptionsResult.Fail($"Backup:Directory {folder} is a file, not a folder.")
                : ValidateOptionsResult.Success;
    }

    public static string DatabasePathOf(IConfiguration configuration, string contentRoot) =>
        DatabaseFile.PathOf(StoreDatabase.ResolveConnectionString(configuration, contentRoot));
}
