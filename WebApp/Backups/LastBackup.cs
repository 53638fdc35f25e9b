using System.Text.Json;

namespace WebApp.Backups;

/// <summary>
/// The latest backup attempt, kept in <c>store.db.last-backup.json</c> beside the database so it survives a restart
/// and is written by the verb and the schedule alike (and is not rolled back by a restore, as a table would be).
/// </summary>
public sealed record LastBackup(DateTimeOffset At, bool Succeeded, string? FileName, long Bytes, double Seconds, string? Reason, DateTimeOffset? LastSuccessAt)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(string databasePath) => databasePath + ".last-backup.json";

    /// <summary>Null when no backup was ever attempted, or the file is unreadable (then the dashboard says "never").</summary>
    public static LastBackup? Read(string databasePath)
    {
        try
        {
            return JsonSerializer.Deserialize<LastBackup>(File.ReadAllText(PathFor(databasePath)), s_json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static LastBackup Of(BackupResult result, DateTimeOffset at) =>
        new(at, true, Path.GetFileName(result.Path), result.Bytes, result.Duration.TotalSeconds, null, at);

    public static LastBackup Failure(string reason, DateTimeOffset at) => new(at, false, null, 0, 0, reason, null);

    /// <summary>Records an attempt; a failure keeps the time of the last success, which the backup-age metric reports.</summary>
    public static void Record(string databasePath, LastBackup attempt)
    {
        var previous = Read(databasePath);
        if (!attempt.Succeeded) attempt = attempt with { LastSuccessAt = previous?.LastSuccessAt };
        var path = PathFor(databasePath);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(attempt, s_json));
        File.Move(temporary, path, overwrite: true);
    }
}
