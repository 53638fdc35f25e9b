using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace WebApp.Bench;

/// <summary>How a crash run goes: where the app and its files are, how many cycles and clients.</summary>
/// <param name="AppDll">The built WebApp.dll.</param>
/// <param name="WorkDirectory">Holds the seeded template (kept between runs), the run's database and the mail pickup folder.</param>
/// <param name="MaxKillDelay">The kill comes at a random moment up to this long after the cycle's first confirmed order.</param>
public sealed record CrashOptions(string AppDll, string WorkDirectory, int Port, int Cycles, int Clients = 4, int Products = 2_000,
    int Seed = 1, TimeSpan? MaxKillDelay = null, TextWriter? Log = null);

public sealed record CrashCycleResult(int Cycle, int ConfirmedInCycle, int ConfirmedSoFar, int OrdersInDatabase, TimeSpan KilledAfter, IReadOnlyList<string> Problems);

/// <summary>
/// The crash proof: a copy of a small seeded store, several <see cref="OrderClient"/>s placing orders at once, SIGKILL
/// at a random moment, a restart, and <see cref="CrashCheck"/> after every cycle. The kill comes after at least one
/// order of the cycle was confirmed, so every cycle has something to lose. Shared by bench/crash.sh and the test suite.
/// </summary>
public static class CrashCycles
{
    public const string Password = "violet crane harbour tundra";

    public static async Task<(IReadOnlyList<CrashCycleResult> Cycles, IReadOnlyList<string> Unexpected, int Attempts)> RunAsync(CrashOptions options)
    {
        var log = options.Log ?? TextWriter.Null;
        Directory.CreateDirectory(options.WorkDirectory);
        var template = await TemplateAsync(options, log);
        var database = Path.Combine(options.WorkDirectory, "crash.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
        File.Copy(template, database);
        var environment = StoreProcess.Environment(database, options.Port, Path.Combine(options.WorkDirectory, "mail"));

        var check = CrashCheck.Start(database);
        var products = ProductsToOrder(database, options.Seed);
        var clients = Enumerable.Range(1, options.Clients).Select(i => new OrderClient(Email(i), Password, products, options.Seed * 1000 + i)).ToList();
        var confirmed = new ConcurrentQueue<ConfirmedOrder>();
        var random = new Random(options.Seed);
        var maxDelay = options.MaxKillDelay ?? TimeSpan.FromSeconds(2);
        var results = new List<CrashCycleResult>();

        var store = await StoreProcess.StartAsync(options.AppDll, environment, options.Port, log);
        try
        {
            for (var cycle = 1; cycle <= options.Cycles; cycle++)
            {
                var before = confirmed.Count;
                using var stop = new CancellationTokenSource();
                var running = clients.Select(c => Task.Run(() => c.RunAsync(store.Address, confirmed, stop.Token))).ToList();
                var watch = Stopwatch.StartNew();
                while (confirmed.Count == before && !running.All(t => t.IsCompleted))
                {
                    if (watch.Elapsed > TimeSpan.FromMinutes(2))
                    {
                        throw new TimeoutException($"no order was confirmed within two minutes: {string.Join(", ", clients)}; {string.Join("; ", clients.SelectMany(c => c.Unexpected).Take(5))}");
                    }
                    await Task.Delay(10);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * maxDelay.TotalMilliseconds));
                var killedAfter = watch.Elapsed;
                store.Kill();
                store.Dispose();
                await Task.WhenAll(running);

                store = await StoreProcess.StartAsync(options.AppDll, environment, options.Port, log);
                foreach (var client in clients) await client.ResolveInDoubtAsync(store.Address, confirmed);
                var problems = check.Problems(database, confirmed);
                var result = new CrashCycleResult(cycle, confirmed.Count - before, confirmed.Count, check.OrdersSince(database), killedAfter, problems);
                results.Add(result);
                log.WriteLine($"cycle {cycle,3}: killed {killedAfter.TotalMilliseconds,6:F0} ms in, {result.ConfirmedInCycle,3} orders confirmed ({result.ConfirmedSoFar} in all, {result.OrdersInDatabase} in the database): {(problems.Count == 0 ? "ok" : string.Join("; ", problems))}");
            }
        }
        finally
        {
            store.Dispose();
        }
        return (results, [.. clients.SelectMany(c => c.Unexpected)], clients.Sum(c => c.Attempts));
    }

    public static string Email(int client) => $"crash{client}@example.com";

    /// <summary>A seeded store with the clients' accounts, made once per work directory and copied for every run.</summary>
    private static async Task<string> TemplateAsync(CrashOptions options, TextWriter log)
    {
        var template = Path.Combine(options.WorkDirectory, $"template-{options.Products}-{options.Clients}.db");
        if (File.Exists(template)) return template;
        var building = template + ".building";
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(building + suffix);
        var environment = StoreProcess.Environment(building, options.Port, Path.Combine(options.WorkDirectory, "mail"));
        await Verb(options.AppDll, environment, log, "seed", "--products", options.Products.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 1; i <= options.Clients; i++) await Verb(options.AppDll, environment, log, "create-admin", "--email", Email(i), "--password", Password);
        // Everything in the main file and no WAL left beside it (the last connection to close removes it), so a plain
        // copy is the whole database. It stays in WAL mode: the store cannot open a rollback-journal database (the
        // journal_mode=WAL pragma fails on EF's read-only existence check).
        using (var connection = new SqliteConnection($"Data Source={building};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
        if (File.Exists(building + "-wal")) throw new InvalidOperationException($"{building}-wal is still there: something else has the database open");
        File.Move(building, template);
        return template;
    }

    private static async Task Verb(string appDll, Dictionary<string, string> environment, TextWriter log, params string[] args)
    {
        var (exitCode, output) = await StoreProcess.RunVerbAsync(appDll, environment, args);
        if (exitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed with {exitCode}: {output}");
        log.WriteLine($"{args[0]}: done");
    }

    /// <summary>
    /// Forty products in stock: the ten with the least stock (so orders run out and get refused) and thirty others, so
    /// the clients compete for the same rows.
    /// </summary>
    private static List<int> ProductsToOrder(string database, int seed)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Products WHERE IsActive = 1 AND Stock > 0 ORDER BY Stock, Id";
        var ids = new List<int>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) ids.Add(reader.GetInt32(0));
        }
        var random = new Random(seed);
        return [.. ids.Take(10), .. ids.Skip(10).OrderBy(_ => random.Next()).Take(30)];
    }
}
