using System.Net;
using Microsoft.Data.Sqlite;
using WebApp.Backups;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Backups;

public sealed class RestoreTests : IDisposable
{
    private readonly string _folder = StoreCli.NewFolder();

    [Fact]
    public async Task Restore_is_refused_while_the_store_runs_on_the_database_and_changes_nothing()
    {
        var backup = StoreCli.CopyOfPreviousRelease(_folder);
        using var store = new BackupStore { Products = 50 };
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/healthz")).StatusCode);

        var (code, output) = await StoreCli.RunAsync(store.DatabasePath, "restore", "--from", backup);

        Assert.Equal(1, code);
        Assert.Contains($"The store is running on {store.DatabasePath}", output, StringComparison.Ordinal);
        Assert.Contains("Stop it first", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(store.DatabasePath)!, Path.GetFileName(store.DatabasePath) + ".before-restore-*"));
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/healthz")).StatusCode);
        Assert.Equal(50, Count(store.DatabasePath, "Products"));
    }

    [Fact]
    public async Task Restore_swaps_the_backup_in_keeps_the_old_database_and_the_store_then_serves_it()
    {
        var backup = StoreCli.CopyOfPreviousRelease(_folder);
        var database = TestDatabase.NewPath();
        using (var running = new BackupStore { DatabasePath = database, Products = 70, OwnsDatabase = false })
        {
            Assert.Equal(HttpStatusCode.OK, (await running.CreateClient().GetAsync("/healthz")).StatusCode);
        }
        SqliteConnection.ClearAllPools();

        var (code, output) = await StoreCli.RunAsync(database, "restore", "--from", backup);

        Assert.True(code == 0, output);
        Assert.Contains($"into {database}", output, StringComparison.Ordinal);
        var kept = Assert.Single(Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + ".before-restore-*"));
        Assert.Contains($"kept at {kept}", output, StringComparison.Ordinal);
        Assert.Equal(70, Count(kept, "Products"));
        Assert.Equal(40, Count(database, "Products"));
        Assert.Equal(1, Count(database, "Orders"));
        Assert.False(File.Exists(database + "-wal"));
        Assert.Equal(DatabaseFile.Private, StoreCli.ModeOf(database));

        using var restored = new BackupStore { DatabasePath = database };
        var client = restored.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/products/1/pixelgear-dumbbell-set-black")).StatusCode);
        File.Delete(kept);
    }

    [Fact]
    public void A_store_does_not_start_while_a_restore_holds_the_database()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        using var restoring = StoreInUse.TryExclusive(database);
        Assert.NotNull(restoring);

        using var store = new BackupStore { DatabasePath = database, Products = 0, OwnsDatabase = false };
        Assert.ThrowsAny<Exception>(() => store.CreateClient());
        var line = Assert.Single(store.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Critical).Message;
        Assert.Equal($"The store is not starting: a restore (or another release's upgrade) is using {database}: wait for it to finish, then start again.", line);
    }

    [Fact]
    public async Task A_backup_file_copied_into_place_by_hand_starts_too()
    {
        // A backup is a rollback-journal file (VACUUM INTO writes one); the store switches it to WAL when it opens it.
        var fixture = StoreCli.CopyOfPreviousRelease(_folder);
        var backup = (await DatabaseBackup.CreateAsync(fixture, _folder, force: false, DateTimeOffset.UtcNow, CancellationToken.None)).Path;
        var database = Path.Combine(_folder, "by-hand.db");
        File.Copy(backup, database);

        using var store = new BackupStore { DatabasePath = database, Products = 0, OwnsDatabase = false };
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/products/1/pixelgear-dumbbell-set-black")).StatusCode);
    }

    [Fact]
    public async Task Restore_refuses_what_is_not_a_sound_WebApp_backup_and_leaves_the_database_alone()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        var hash = StoreCli.Hash(database);
        var known = Known(database);
        var text = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(text, "not a database at all, but long enough to have a header's worth of bytes in it....................");
        var other = Path.Combine(_folder, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT); INSERT INTO Notes (Text) VALUES ('hello');";
            create.ExecuteNonQuery();
        }
        var newer = Path.Combine(_folder, "newer.db");
        File.Copy(database, newer);
        using (var connection = new SqliteConnection($"Data Source={newer};Pooling=False"))
        {
            connection.Open();
            using var add = connection.CreateCommand();
            add.CommandText = "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '10.0.15');";
            add.ExecuteNonQuery();
        }

        Assert.Contains("There is no backup at", await RefusalAsync(database, Path.Combine(_folder, "missing.db"), known), StringComparison.Ordinal);
        Assert.Contains("is a folder", await RefusalAsync(database, _folder, known), StringComparison.Ordinal);
        Assert.Contains("is not a SQLite database", await RefusalAsync(database, text, known), StringComparison.Ordinal);
        Assert.Contains("is not a WebApp database (it has no migrations history)", await RefusalAsync(database, other, known), StringComparison.Ordinal);
        Assert.Contains("was made by a newer release", await RefusalAsync(database, newer, known), StringComparison.Ordinal);
        Assert.Contains("is the store's database itself", await RefusalAsync(database, database, known), StringComparison.Ordinal);

        Assert.Equal(hash, StoreCli.Hash(database));
        // The lock file restore takes stays (empty): deleting a lock file others may be opening is a race.
        Assert.Equal(["newer.db", "notes.txt", "other.db", "store.db", "store.db.in-use"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static async Task<string> RefusalAsync(string database, string from, IReadOnlyList<string> known) =>
        (await Assert.ThrowsAsync<BackupFailedException>(() => DatabaseRestore.RunAsync(database, from, known, DateTimeOffset.UtcNow, CancellationToken.None))).Message;

    private static List<string> Known(string fixture) =>
        DatabaseRestore.MigrationsOfAsync(fixture, CancellationToken.None).GetAwaiter().GetResult()!;

    private static long Count(string path, string table)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => StoreCli.DeleteFolder(_folder);
}
