using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Backups;
using WebApp.Cart;
using WebApp.Checkout;

namespace WebApp.Tests.Backups;

public sealed class OnlineBackupTests : IDisposable
{
    private readonly string _folder = StoreCli.NewFolder();

    [Fact]
    public async Task A_backup_taken_while_orders_are_placed_passes_its_checks_and_holds_every_order_confirmed_before_it_began()
    {
        using var store = new BackupStore { Products = 200 };
        for (var id = 1; id <= 8; id++) await store.SetProductAsync(id, stock: 10_000);
        var confirmed = new ConcurrentQueue<int>();
        using var stop = new CancellationTokenSource();
        var enough = new TaskCompletionSource();

        var shoppers = Enumerable.Range(1, 4).Select(n => Task.Run(async () =>
        {
            for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
            {
                confirmed.Enqueue(await PlaceGuestOrderAsync(store, productId: 1 + ((n + i) % 8)));
                if (confirmed.Count >= 12) enough.TrySetResult();
            }
        })).ToList();
        await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var before = confirmed.ToArray();
        var result = await DatabaseBackup.CreateAsync(store.DatabasePath, _folder, force: false, DateTimeOffset.UtcNow, CancellationToken.None);
        await stop.CancelAsync();
        await Task.WhenAll(shoppers);

        Assert.Null(await DatabaseFile.ProblemsAsync(result.Path, CancellationToken.None));
        var saved = OrderIds(result.Path);
        Assert.All(before, id => Assert.Contains(id, saved));
        Assert.StartsWith(DatabaseBackup.FilePrefix, Path.GetFileName(result.Path), StringComparison.Ordinal);
        Assert.Equal(DatabaseFile.Private, StoreCli.ModeOf(result.Path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task The_backup_verb_refuses_bad_paths_and_an_existing_file_unless_forced_and_leaves_nothing_behind()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        var target = Path.Combine(_folder, "copies", "store-copy.db");

        var (missing, missingText) = await StoreCli.RunAsync(database, "backup", "--to", target);
        Assert.Equal(1, missing);
        Assert.Contains("does not exist: create it first", missingText, StringComparison.Ordinal);

        var (itself, itselfText) = await StoreCli.RunAsync(database, "backup", "--to", database);
        Assert.Equal(1, itself);
        Assert.Contains("is the live database itself", itselfText, StringComparison.Ordinal);

        // Overwriting the lock file that tells restore a store is running would let a restore pull the file from under it.
        var (lockFile, lockText) = await StoreCli.RunAsync(database, "backup", "--to", database + ".in-use", "--force");
        Assert.Equal(1, lockFile);
        Assert.Contains("one of the live database's own files", lockText, StringComparison.Ordinal);

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var (made, madeText) = await StoreCli.RunAsync(database, "backup", "--to", target);
        Assert.Equal(0, made);
        Assert.Contains("integrity_check and foreign_key_check passed", madeText, StringComparison.Ordinal);
        Assert.Matches(@"KiB \([\d,]+ bytes\) in \d+\.\d s", madeText);
        Assert.Equal(DatabaseFile.Private, StoreCli.ModeOf(target));

        var (again, againText) = await StoreCli.RunAsync(database, "backup", "--to", target);
        Assert.Equal(1, again);
        Assert.Contains("already exists: add --force", againText, StringComparison.Ordinal);
        Assert.Equal(0, (await StoreCli.RunAsync(database, "backup", "--to", target, "--force")).ExitCode);

        var (intoFolder, _) = await StoreCli.RunAsync(database, "backup", "--to", Path.GetDirectoryName(target)!);
        Assert.Equal(0, intoFolder);
        var files = Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, files.Count);
        Assert.Matches(@"^webapp-manual-\d{8}-\d{6}-\d{3}Z\.db$", files[1]);
        Assert.Equal(["Fixture Buyer"], Buyers(target));
    }

    [Fact]
    public async Task A_damaged_copy_fails_the_check()
    {
        var database = StoreCli.CopyOfPreviousRelease(_folder);
        Assert.Null(await DatabaseFile.ProblemsAsync(database, CancellationToken.None));

        var damaged = Path.Combine(_folder, "damaged.db");
        var bytes = File.ReadAllBytes(database);
        // Keep the header and the first pages (the schema) readable, scramble the pages that hold the tables' rows.
        new Random(15).NextBytes(bytes.AsSpan(bytes.Length / 2, 64 * 1024));
        File.WriteAllBytes(damaged, bytes);

        Assert.NotNull(await DatabaseFile.ProblemsAsync(damaged, CancellationToken.None));
    }

    private static async Task<int> PlaceGuestOrderAsync(BackupStore store, int productId)
    {
        using var scope = store.Services.CreateScope();
        var carts = scope.ServiceProvider.GetRequiredService<CartService>();
        var added = await carts.AddAsync(CartOwner.Anonymous(null), productId, 1);
        Assert.True(added.Succeeded, added.Message);
        var request = new PlaceOrderRequest
        {
            Email = "guest@example.com", FullName = "Grace Hopper", AddressLine1 = "1 Harbour Road", City = "Dublin", PostalCode = "D02 X285",
            Country = "IE", Phone = "+353 1 234 5678", ShippingMethod = "standard", PaymentMethod = "cod",
            IdempotencyKey = Guid.NewGuid().ToString("N"), QuotedSubtotalCents = (await carts.LoadAsync(CartOwner.Anonymous(added.AnonymousCartId))).Items.Sum(i => i.PriceCents * i.Quantity),
        };
        var placed = Assert.IsType<PlaceOrderResult.Placed>(await scope.ServiceProvider.GetRequiredService<PlaceOrder>()
            .PlaceAsync(CartOwner.Anonymous(added.AnonymousCartId), request, "http://localhost"));
        return placed.OrderId;
    }

    private static HashSet<int> OrderIds(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Orders";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<int>();
        while (reader.Read()) ids.Add(reader.GetInt32(0));
        return ids;
    }

    private static List<string> Buyers(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT FullName FROM Orders";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    public void Dispose() => StoreCli.DeleteFolder(_folder);
}
