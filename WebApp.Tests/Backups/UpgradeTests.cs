using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Backups;

/// <summary>
/// A database made by the previous release (Fixtures/previous-release.db: 40 products, an admin, a paid order) under this
/// release: it migrates and serves; a migration that fails puts it back byte for byte and the store does not start.
/// </summary>
public sealed class UpgradeTests : IDisposable
{
    private const string LastPreviousMigration = "20261130062703_BackInStock";
    private const string NewSinceTheFixture = "20261201215000_AntiforgerySigningKeys, 20261205160000_SkusInCapitals, 20261205202905_MergedCarts, 20261205205156_RevokedTokens, 20261205205642_OrderRefunds, 20261205231646_OrderShippingMethodCode, 20261206105610_PhotoPrimaryAndFileIndex, 20261206112717_ReviewReports, 20261206165346_BackInStockStopLinks";
    private readonly string _folder = StoreCli.NewFolder();

    [Fact]
    public async Task A_database_from_the_previous_release_starts_migrates_and_serves_the_shop_and_the_dashboard()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        // SKUs saved in small letters before they were stored in capitals (session 44): one alone, and one that only
        // differs in case from another product's, which is left for a person to sort out.
        var (alone, taken) = (Text(database, "SELECT Sku FROM Products WHERE Id = 1"), Text(database, "SELECT Sku FROM Products WHERE Id = 3"));
        Execute(database, $"UPDATE Products SET Sku = lower(Sku) WHERE Id = 1; UPDATE Products SET Sku = lower('{taken}') WHERE Id = 2;");
        // The fixture's order was stored with the code where the name now is ("standard"); two more under names, one
        // of them no longer offered.
        Execute(database, "CREATE TEMP TABLE o AS SELECT * FROM Orders; UPDATE o SET Id = 2, IdempotencyKey = 'upgrade-2', ShippingMethod = 'Express'; INSERT INTO Orders SELECT * FROM o;"
            + " UPDATE o SET Id = 3, IdempotencyKey = 'upgrade-3', ShippingMethod = 'Pigeon'; INSERT INTO Orders SELECT * FROM o;");
        using var store = new BackupStore { DatabasePath = database, Products = 0 };

        var client = store.CreateClient();
        var product = await client.GetAsync("/products/1/pixelgear-dumbbell-set-black");
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.Contains("Pixelgear Dumbbell Set, Black", await product.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = store.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(admin, "fixture-admin@example.com", "violet crane harbour tundra")).StatusCode);
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Contains("fixture-admin@example.com", dashboard.QuerySelector("[data-testid=recent-orders]")!.TextContent, StringComparison.Ordinal);

        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(alone.ToUpperInvariant(), await db.Products.Where(p => p.Id == 1).Select(p => p.Sku).SingleAsync());
        Assert.Equal(taken.ToLowerInvariant(), await db.Products.Where(p => p.Id == 2).Select(p => p.Sku).SingleAsync());
        // The fixture's order gets its delivery option's code from the name it was placed under, once, at the upgrade.
        Assert.Equal(["standard", "express", null], await db.Orders.OrderBy(o => o.Id).Select(o => o.ShippingMethodCode).ToListAsync());
        Assert.Contains(store.Logs.Entries, e => e.Message == "Recorded the delivery option's code on 2 earlier orders");
    }

    [Fact]
    public async Task An_upgrade_copies_the_database_byte_for_byte_before_applying_pending_migrations()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        // The release before BackInStock: its table and its history row gone.
        Execute(database, $"DROP TABLE BackInStockRequests; DELETE FROM __EFMigrationsHistory WHERE MigrationId = '{LastPreviousMigration}';");
        // Photo writes that raced before session 51 could leave a product no primary photo, or two: the upgrade keeps one.
        Execute(database, string.Join(' ', new[] { (1, 0, 2, 0), (1, 1, 1, 0), (2, 0, 0, 1), (2, 1, 1, 1), (2, 2, 2, 0) }.Select((p, k) =>
            $"INSERT INTO ProductPhotos (ProductId, FileName, ContentType, Width, Height, SizeBytes, IsPrimary, SortOrder, CreatedAt) VALUES ({p.Item1}, '{k:x32}.png', 'image/png', 1, 1, 1, {p.Item4}, {p.Item3}, '2026-12-01 00:00:00');")));
        var before = StoreCli.Hash(database);

        using var store = new BackupStore { DatabasePath = database, Products = 0 };
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/products/1/pixelgear-dumbbell-set-black")).StatusCode);

        var copy = Assert.Single(Directory.GetFiles(Path.Combine(_folder, "backups"), "pre-migrate-*"));
        Assert.Equal(before, StoreCli.Hash(copy));
        // BackInStock, then what this release added since the fixture was made.
        Assert.Contains(store.Logs.Entries, e => e.Message.Contains($"before applying 10 migrations: {LastPreviousMigration}, {NewSinceTheFixture}", StringComparison.Ordinal));
        Assert.Equal(1L, Scalar(database, "SELECT count(*) FROM sqlite_master WHERE name = 'BackInStockRequests'"));
        // Product 1 had none primary: its first by place is; product 2 had two: the first by place stays.
        Assert.Equal($"{1:x32}.png", Text(database, "SELECT FileName FROM ProductPhotos WHERE ProductId = 1 AND IsPrimary = 1"));
        Assert.Equal($"{2:x32}.png", Text(database, "SELECT FileName FROM ProductPhotos WHERE ProductId = 2 AND IsPrimary = 1"));
        // MergedCarts adds its foreign key without rebuilding the table, which EF would do outside the transaction.
        Assert.DoesNotContain(store.Logs.Entries, e => e.Message.Contains("cannot be executed in a transaction", StringComparison.Ordinal));
        Assert.Equal(1L, Scalar(database, "SELECT count(*) FROM pragma_foreign_key_list('Carts') WHERE \"from\" = 'MergedIntoUserId' AND \"table\" = 'AspNetUsers' AND on_delete = 'CASCADE'"));
    }

    [Fact]
    public async Task A_failed_migration_puts_the_database_back_as_it_was_and_the_store_refuses_to_start_with_one_clear_line()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        // The history says BackInStock is still to come, but its table is there: applying it fails half way into the upgrade.
        Execute(database, $"DELETE FROM __EFMigrationsHistory WHERE MigrationId = '{LastPreviousMigration}';");
        var before = StoreCli.Hash(database);

        using (var store = new BackupStore { DatabasePath = database, Products = 0, OwnsDatabase = false })
        {
            Assert.ThrowsAny<Exception>(() => store.CreateClient());
            var line = Assert.Single(store.Logs.Entries, e => e.Level == LogLevel.Critical).Message;
            Assert.StartsWith("The store is not starting: ", line, StringComparison.Ordinal);
            Assert.Contains($"Upgrading the database failed while applying {LastPreviousMigration}", line, StringComparison.Ordinal);
            Assert.Contains("table \"BackInStockRequests\" already exists", line, StringComparison.Ordinal);
            Assert.Contains("put back exactly as it was", line, StringComparison.Ordinal);
        }
        SqliteConnection.ClearAllPools();

        Assert.Equal(before, StoreCli.Hash(database));
        Assert.False(File.Exists(database + "-wal"));
        Assert.Equal(0L, Scalar(database, $"SELECT count(*) FROM __EFMigrationsHistory WHERE MigrationId = '{LastPreviousMigration}'"));
    }

    [Fact]
    public async Task The_web_server_exits_with_code_1_and_a_reason_not_a_stack_trace_when_the_upgrade_fails()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        Execute(database, $"DELETE FROM __EFMigrationsHistory WHERE MigrationId = '{LastPreviousMigration}';");
        var before = StoreCli.Hash(database);

        var (code, output) = await StoreCli.RunAsync(database, "--urls", "http://127.0.0.1:0");

        Assert.Equal(1, code);
        Assert.Contains("The store is not starting: Upgrading the database failed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(before, StoreCli.Hash(database));
    }

    [Theory]
    [InlineData("banana")]      // not a time at all
    [InlineData("00:00:10")]    // a time, but out of range
    public async Task A_mistyped_backup_setting_stops_the_web_server_with_one_line_not_a_crash(string interval)
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);

        var (code, output) = await StoreCli.RunAsync(database, "--urls", "http://127.0.0.1:0", $"--Backup:Directory={_folder}", $"--Backup:Interval={interval}");

        Assert.Equal(1, code);
        Assert.Contains("The store is not starting", output, StringComparison.Ordinal);
        Assert.Contains("Backup:Interval", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [SqliteCliFact]
    public async Task After_an_upgrade_another_process_closing_the_database_leaves_the_running_stores_wal_alone()
    {
        // The pre-upgrade copy opened the file beside SQLite's own handles and dropped their POSIX locks: the next process
        // to close the database took itself for the last, and deleted the WAL under the running store (session 51's review).
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        using var store = new BackupStore { DatabasePath = database, Products = 0 };
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/products/1/pixelgear-dumbbell-set-black")).StatusCode);
        await store.SetProductAsync(1, stock: 41);
        Assert.True(File.Exists(database + "-wal"), "the store writes through its WAL");

        // An operator's look at the database: sqlite3 opens it, reads, and closes it.
        Assert.Equal("41", await SqliteCliFactAttribute.RunAsync(database, "SELECT Stock FROM Products WHERE Id = 1;"));

        Assert.True(File.Exists(database + "-wal"), "another process's close deleted the running store's WAL");
        await store.SetProductAsync(1, stock: 42);
        // What the store writes afterwards is in the file other processes read, not in a deleted WAL.
        Assert.Equal(42L, Scalar(database, "SELECT Stock FROM Products WHERE Id = 1"));
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Text(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }

    private static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose() => StoreCli.DeleteFolder(_folder);
}
