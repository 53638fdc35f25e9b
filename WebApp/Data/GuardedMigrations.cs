using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Backups;

namespace WebApp.Data;

/// <summary>
/// Applies pending migrations so that a failure leaves the database exactly as it was. EF runs each SQLite migration in
/// a transaction, but a table rebuild turns foreign keys off with a statement that cannot run inside one, so its
/// migration commits in pieces; and EF's migration lock writes to the file even when nothing else does. So an existing
/// database is first copied byte for byte into <c>backups/pre-migrate-...</c> beside it, and put back from that copy if
/// anything fails. Upgrading needs the database to itself: another store running on it refuses the upgrade.
/// </summary>
public static class GuardedMigrations
{
    public static async Task MigrateAsync(StoreDbContext db, StoreBackups backups, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0) return;
        if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any())
        {
            // A new, empty database: nothing to protect.
            await db.Database.MigrateAsync(ct);
            return;
        }

        var path = backups.DatabasePath;
        using (var upgrading = backups.TryHoldExclusively()
            ?? throw Refuse(logger, $"{pending.Count} migrations are pending but another WebApp process is running on {path}; stop every instance, then start this release once to upgrade."))
        {
            await MigrateAloneAsync(db, path, pending, clock, logger, ct);
        }
        if (!backups.TryHoldDatabase()) throw Refuse(logger, $"another process took {StoreInUse.LockPathFor(path)} during the upgrade.");
    }

    private static async Task MigrateAloneAsync(StoreDbContext db, string path, List<string> pending, TimeProvider clock, ILogger logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var folder = Path.Combine(Path.GetDirectoryName(path)!, "backups");
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, $"pre-migrate-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}Z-{Path.GetFileName(path)}");
        try
        {
            await CopyExactlyAsync(path, copy, now, ct);
        }
        catch (Exception e) when (e is BackupFailedException or IOException or UnauthorizedAccessException or SqliteException)
        {
            throw Refuse(logger, $"{pending.Count} migrations are pending but the database could not be copied first ({e.Message}); nothing was changed.", e);
        }
        logger.LogInformation("Copied the database to {Copy} before applying {Count} migrations: {Migrations}", copy, pending.Count, string.Join(", ", pending));
        // The copy opened and closed the database file in this process, and closing any descriptor of a file drops every
        // POSIX lock the process holds on it, SQLite's included (sqlite.org/howtocorrupt.html, 2.2). SQLite went on
        // counting its locks as held, so the next process to close the database (an operator's sqlite3, a backup)
        // believed it was the last, checkpointed and deleted the WAL under the running store: its writes then went to
        // a deleted file and, in time, every page answered "disk I/O error" (an outside review, session 51). Every
        // handle of this process on the file is closed here, so the next ones take their locks afresh.
        await db.Database.CloseConnectionAsync();
        SqliteConnection.ClearAllPools();

        try
        {
            await db.Database.MigrateAsync(ct);
            logger.LogInformation("Applied {Count} migrations; the copy from before the upgrade stays at {Copy}", pending.Count, copy);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
            PutBack(copy, path);
            throw Refuse(logger, $"Upgrading the database failed while applying {string.Join(", ", pending)}: {FirstLine(e)}. The database was put back exactly as it was before (copy at {copy}). Run the previous release, or fix the cause and start again.", e);
        }
    }

    /// <summary>
    /// A byte-for-byte copy that is a consistent database: after a TRUNCATE checkpoint the main file holds everything, and a
    /// read transaction that sees an empty WAL keeps any checkpoint from writing into the file while it is copied. If a
    /// write slipped in between, the copy falls back to VACUUM INTO (consistent, but not the same bytes).
    /// </summary>
    private static async Task CopyExactlyAsync(string path, string copy, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = DatabaseFile.Open(path);
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        await using var snapshot = connection.BeginTransaction(deferred: true);
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM sqlite_master;";
            await read.ExecuteScalarAsync(ct);
        }
        var wal = new FileInfo(path + "-wal");
        if (wal.Exists && wal.Length > 0)
        {
            await snapshot.RollbackAsync(ct);
            await DatabaseBackup.CreateAsync(path, copy, force: false, now, ct);
            return;
        }
        File.Copy(path, copy);
        DatabaseFile.MakePrivate(copy);
        DatabaseFile.Flush(copy);
        await snapshot.RollbackAsync(ct);
    }

    private static void PutBack(string copy, string path)
    {
        var incoming = $"{path}.{Guid.NewGuid():N}.partial";
        File.Copy(copy, incoming);
        DatabaseFile.Flush(incoming);
        // The failed run's WAL belongs to the database being replaced; replayed into the copy it would undo the put-back.
        foreach (var suffix in DatabaseFile.Companions) File.Delete(path + suffix);
        File.Move(incoming, path, overwrite: true);
    }

    private static string FirstLine(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null) inner = inner.InnerException;
        return inner.Message.Split('\n')[0].Trim().TrimEnd('.');
    }

    private static StartupRefusedException Refuse(ILogger logger, string reason, Exception? cause = null)
    {
        logger.LogCritical("The store is not starting: {Reason}", reason);
        return cause is null ? new StartupRefusedException(reason) : new StartupRefusedException(reason, cause);
    }
}
