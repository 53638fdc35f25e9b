using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace WebApp.Backups;

/// <summary>
/// Puts a backup in place of the store's database. Refuses while a store runs on it (<see cref="StoreInUse"/>), checks
/// the backup (integrity, foreign keys, and that it is a WebApp database no newer than this release), keeps the current
/// database as <c>NAME.before-restore-TIMESTAMP</c>, then renames the checked copy over the database: at every moment the
/// database path holds either the old file or the new one, whole.
/// </summary>
public static class DatabaseRestore
{
    /// <param name="knownMigrations">This release's migrations, oldest first: the backup's history must be a prefix of them.</param>
    public static async Task<RestoreResult> RunAsync(string databasePath, string source, IReadOnlyList<string> knownMigrations, DateTimeOffset now, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        if (string.IsNullOrWhiteSpace(source)) throw new BackupFailedException("Say which backup to restore: --from FILE.");
        var from = Path.GetFullPath(source);
        if (Directory.Exists(from)) throw new BackupFailedException($"{from} is a folder: name the backup file inside it.");
        if (!File.Exists(from)) throw new BackupFailedException($"There is no backup at {from}.");
        if (from == databasePath) throw new BackupFailedException($"{from} is the store's database itself: name a backup file.");

        using var inUse = StoreInUse.TryExclusive(databasePath)
            ?? throw new BackupFailedException($"The store is running on {databasePath} (a WebApp process holds {StoreInUse.LockPathFor(databasePath)}). Stop it first, then restore.");

        var folder = Path.GetDirectoryName(databasePath)!;
        Directory.CreateDirectory(folder);
        var incoming = Path.Combine(folder, $".{Path.GetFileName(databasePath)}.restore-{Guid.NewGuid():N}.partial");
        try
        {
            // Copied with VACUUM INTO rather than byte for byte: the backup may itself be a WAL database with a -wal beside
            // it, and this reads it the way SQLite sees it. Opened read-write all the same (SQLite falls back to read-only
            // for a write-protected file): a read-only connection to a WAL file leaves -wal and -shm files beside it.
            File.Create(incoming, 0, FileOptions.None).Dispose();
            DatabaseFile.MakePrivate(incoming);
            await using (var backup = DatabaseFile.Open(from))
            await using (var vacuum = backup.CreateCommand())
            {
                vacuum.CommandText = "VACUUM INTO $path;";
                vacuum.Parameters.AddWithValue("$path", incoming);
                vacuum.CommandTimeout = 0;
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            await using (var wal = DatabaseFile.Open(incoming))
            await using (var mode = wal.CreateCommand())
            {
                // VACUUM INTO writes a rollback-journal file; the store runs in WAL mode, so the file is put in place ready.
                mode.CommandText = "PRAGMA journal_mode=WAL;";
                await mode.ExecuteNonQueryAsync(ct);
            }
            if (await DatabaseFile.ProblemsAsync(incoming, ct) is { } problems) throw new BackupFailedException($"{from} fails its integrity check, nothing was changed: {problems}");
            var history = await MigrationsOfAsync(incoming, ct)
                ?? throw new BackupFailedException($"{from} is not a WebApp database (it has no migrations history); nothing was changed.");
            var unknown = history.Except(knownMigrations, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0) throw new BackupFailedException($"{from} was made by a newer release (it has migration {unknown[^1]}, which this release does not know); nothing was changed. Restore it with that release.");
            if (history.Count == 0 || history[0] != knownMigrations[0]) throw new BackupFailedException($"{from} is not a WebApp database (its migrations history does not start with {knownMigrations[0]}); nothing was changed.");
            DatabaseFile.Flush(incoming);

            string? kept = null;
            if (File.Exists(databasePath))
            {
                kept = $"{databasePath}.before-restore-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}Z";
                await KeepAsync(databasePath, kept, ct);
            }
            foreach (var suffix in DatabaseFile.Companions) File.Delete(databasePath + suffix);
            File.Move(incoming, databasePath, overwrite: true);
            var pending = knownMigrations.Count - history.Count;
            return new RestoreResult(databasePath, kept, history[^1], pending, new FileInfo(databasePath).Length, Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 26)
        {
            DatabaseFile.DeleteWithCompanions(incoming);
            throw new BackupFailedException($"{from} is not a SQLite database; nothing was changed.", e);
        }
        catch (Exception e) when (e is not BackupFailedException)
        {
            DatabaseFile.DeleteWithCompanions(incoming);
            throw new BackupFailedException(DatabaseBackup.Explain(e, databasePath, "restore") + " The store's database was not changed.", e);
        }
        catch
        {
            DatabaseFile.DeleteWithCompanions(incoming);
            throw;
        }
    }

    /// <summary>
    /// Folds the current database's WAL into its main file (no store runs, so a TRUNCATE checkpoint completes) and copies
    /// that single file aside: the kept copy is the whole database, and what is left to replace is one file.
    /// </summary>
    private static async Task KeepAsync(string databasePath, string kept, CancellationToken ct)
    {
        await using (var current = DatabaseFile.Open(databasePath))
        await using (var checkpoint = current.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await checkpoint.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && reader.GetInt64(0) != 0)
            {
                throw new BackupFailedException($"Another process is writing to {databasePath} (its WAL could not be checkpointed); nothing was changed. Stop every WebApp process and try again.");
            }
        }
        File.Copy(databasePath, kept, overwrite: false);
        DatabaseFile.MakePrivate(kept);
        DatabaseFile.Flush(kept);
    }

    /// <summary>The applied migrations in a database, oldest first; null when it has no history table.</summary>
    public static async Task<List<string>?> MigrationsOfAsync(string path, CancellationToken ct)
    {
        await using var connection = DatabaseFile.Open(path);
        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory';";
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0) return null;
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId;";
        var ids = new List<string>();
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        return ids;
    }
}
