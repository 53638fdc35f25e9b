using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WebApp.Backups;

/// <summary>
/// One online backup of the store's database, the same code for the <c>backup</c> verb, the schedule and the copy taken
/// before migrations. <c>VACUUM INTO</c> reads one snapshot inside a read transaction: in WAL mode writers carry on,
/// and the copy holds exactly the transactions committed before it began. It is written under a temporary name beside
/// the target, checked, made private and only then renamed into place, so a file with the final name is always whole.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>Names of files this feature made in a folder, and the only ones the schedule ever deletes.</summary>
    public const string FilePrefix = "webapp-backup-";

    /// <summary>A backup made by hand into a folder: named apart, so the schedule's pruning never deletes it.</summary>
    public const string ManualPrefix = "webapp-manual-";

    public static string FileNameFor(DateTimeOffset when, string prefix = FilePrefix) =>
        prefix + when.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "Z.db";

    /// <summary>
    /// Copies the database at <paramref name="databasePath"/> to <paramref name="target"/> (a file, or a folder that gets a
    /// timestamped file). Throws <see cref="BackupFailedException"/> with a message for the operator; nothing is left behind.
    /// </summary>
    public static async Task<BackupResult> CreateAsync(string databasePath, string target, bool force, DateTimeOffset now, CancellationToken ct, string prefix = FilePrefix)
    {
        var started = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(target)) throw new BackupFailedException("Say where the backup goes: --to a file or a folder.");
        var path = Path.GetFullPath(target);
        if (Directory.Exists(path)) path = Path.Combine(path, FileNameFor(now, prefix));
        if (!File.Exists(databasePath)) throw new BackupFailedException($"There is no database at {databasePath} to back up.");
        if (string.Equals(path, Path.GetFullPath(databasePath), StringComparison.Ordinal) || DatabaseFile.Companions.Any(s => path == databasePath + s))
        {
            throw new BackupFailedException($"{path} is the live database itself: choose another file.");
        }
        // store.db.in-use (the lock that tells restore a store runs), store.db.last-backup.json: overwriting one defeats it.
        if (path.StartsWith(Path.GetFullPath(databasePath) + ".", StringComparison.Ordinal))
        {
            throw new BackupFailedException($"{path} is one of the live database's own files: choose another name.");
        }
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder)) throw new BackupFailedException($"The folder {folder} does not exist: create it first.");
        if (File.Exists(path) && !force) throw new BackupFailedException($"{path} already exists: add --force to replace it.");

        var partial = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.partial");
        try
        {
            // Created empty and private first (VACUUM INTO accepts an empty file): the copy is never readable by others.
            File.Create(partial, 0, FileOptions.None).Dispose();
            DatabaseFile.MakePrivate(partial);
            await using (var connection = DatabaseFile.Open(databasePath))
            await using (var vacuum = connection.CreateCommand())
            {
                vacuum.CommandText = "VACUUM INTO $path;";
                vacuum.Parameters.AddWithValue("$path", partial);
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            if (await DatabaseFile.ProblemsAsync(partial, ct) is { } problems)
            {
                throw new BackupFailedException($"The copy failed its integrity check and was removed: {problems}");
            }
            DatabaseFile.Flush(partial);
            DatabaseFile.MakePrivate(partial);
            if (force)
            {
                // A stale WAL beside the old file would be replayed into the new one by the next reader.
                foreach (var suffix in DatabaseFile.Companions) File.Delete(path + suffix);
            }
            File.Move(partial, path, overwrite: force);
            return new BackupResult(path, new FileInfo(path).Length, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception e) when (e is not BackupFailedException)
        {
            DatabaseFile.DeleteWithCompanions(partial);
            throw new BackupFailedException(Explain(e, path, "backup"), e);
        }
        catch
        {
            DatabaseFile.DeleteWithCompanions(partial);
            throw;
        }
    }

    /// <summary>The operator's version of what went wrong: the reason, not the exception's type.</summary>
    public static string Explain(Exception e, string path, string what) => e switch
    {
        OperationCanceledException => $"The {what} was cancelled; nothing was kept.",
        SqliteException { SqliteErrorCode: 13 } => $"Not enough disk space for the {what} at {path}; nothing was kept.",
        SqliteException { SqliteErrorCode: 14 } => $"Cannot write {path} for the {what} (permissions or a missing folder); nothing was kept.",
        SqliteException s => $"SQLite refused the {what} at {path}: {s.Message.Split('\n')[0]}",
        IOException io when io.HResult == 28 || io.Message.Contains("No space", StringComparison.OrdinalIgnoreCase) => $"Not enough disk space for the {what} at {path}; nothing was kept.",
        UnauthorizedAccessException => $"Not allowed to write {path}: check the folder's owner and permissions.",
        IOException io => $"Could not write {path} for the {what}: {io.Message}",
        _ => $"The {what} at {path} failed: {e.Message}",
    };
}
