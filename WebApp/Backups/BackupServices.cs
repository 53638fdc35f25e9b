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
        var databasePath = DatabasePathOf(builder.Configuration, contentRoot);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<BackupOptions>>();
            var folder = string.IsNullOrWhiteSpace(options.Value.Directory) ? null : Path.GetFullPath(Path.Combine(contentRoot, options.Value.Directory));
            if (folder is not null && File.Exists(folder)) throw new OptionsValidationException("Backup", typeof(BackupOptions), [$"Backup:Directory {folder} is a file, not a folder."]);
            return new StoreBackups(databasePath, folder, options, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<StoreBackups>>());
        });
        builder.Services.AddSingleton<BackupMetrics>();
        builder.Services.AddHostedService<ScheduledBackups>();
        return builder;
    }

    public static string DatabasePathOf(IConfiguration configuration, string contentRoot) =>
        DatabaseFile.PathOf(StoreDatabase.ResolveConnectionString(configuration, contentRoot));
}
