// Operations proof (README "Benchmark"): the store in Release as a real process on loopback.
//   --mode load   64 anonymous shoppers (one connection each) on a 1M-product store: each endpoint alone, then the mix
//                 for --seconds; with --backup 1 two API clients place orders meanwhile and a backup is taken halfway.
//   --mode soak   the mix at half of the measured peak (or --rate) for --soak-minutes, sampling the working set.
//   --mode crash  orders from several clients, SIGKILL at random moments, restart, check (--cycles 50).
// Usage: dotnet run -c Release --project bench/LoadBench -- [--mode load] [--products 1000000] [--port 5208] [--app WebApp.dll] ...
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using WebApp.Bench;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var mode = Text("--mode", "load");
var port = Arg("--port", 5208);
var root = FindRoot();
var dataDir = Path.Combine(root, "bench", "App_Data");
Directory.CreateDirectory(dataDir);

Console.WriteLine($"WebApp {mode} bench, {Environment.ProcessorCount} cores; load average {LoadAverage()}");
// --app: another build of the store (another branch's, say) instead of this repository's, built here in Release.
var appDll = Text("--app", "");
if (appDll.Length == 0)
{
    Run("dotnet", $"build -c Release \"{Path.Combine(root, "WebApp")}\" -v q -nologo");
    appDll = Path.Combine(root, "WebApp", "bin", "Release", "net10.0", "WebApp.dll");
}

return mode switch
{
    "crash" => await CrashAsync(),
    "load" or "soak" => await LoadAsync(mode == "soak"),
    _ => throw new ArgumentException($"unknown --mode {mode}: load, soak or crash"),
};

async Task<int> CrashAsync()
{
    var cycles = Arg("--cycles", 50);
    var options = new CrashOptions(appDll, Path.Combine(dataDir, "crash"), port, cycles, Arg("--clients", 4), Arg("--products", 2_000),
        Arg("--seed", 1), TimeSpan.FromMilliseconds(Arg("--max-kill-ms", 2_000)), Console.Out);
    var watch = Stopwatch.StartNew();
    var (results, unexpected, attempts) = await CrashCycles.RunAsync(options);
    var problems = results.SelectMany(r => r.Problems.Select(p => $"cycle {r.Cycle}: {p}")).ToList();
    Console.WriteLine();
    Console.WriteLine($"{results.Count} SIGKILL cycles in {watch.Elapsed.TotalSeconds:F0} s, {options.Clients} clients, {options.Products:N0} products:");
    Console.WriteLine($"  {attempts:N0} order attempts, {results[^1].ConfirmedSoFar:N0} orders confirmed to clients, {results[^1].OrdersInDatabase:N0} orders in the database");
    Console.WriteLine($"  killed {results.Min(r => r.KilledAfter.TotalMilliseconds):F0}-{results.Max(r => r.KilledAfter.TotalMilliseconds):F0} ms after the clients started; every cycle confirmed at least one order before its kill: {results.All(r => r.ConfirmedInCycle > 0)}");
    Console.WriteLine($"  after every restart: confirmed orders present with their lines, stock + ordered = starting stock, integrity_check ok: {(problems.Count == 0 ? "yes" : "NO")}");
    foreach (var p in problems.Take(20)) Console.WriteLine($"    {p}");
    Console.WriteLine($"  unexpected answers to clients: {unexpected.Count}");
    foreach (var u in unexpected.Take(10)) Console.WriteLine($"    {u}");
    Console.WriteLine($"load average {LoadAverage()}");
    return problems.Count == 0 && unexpected.Count == 0 ? 0 : 1;
}

async Task<int> LoadAsync(bool soak)
{
    var products = Arg("--products", 1_000_000);
    var connections = Arg("--connections", 64);
    var db = Path.Combine(dataDir, $"bench-{products}.db");
    if (!File.Exists(db))
    {
        var seed = Stopwatch.StartNew();
        var (code, output) = await StoreProcess.RunVerbAsync(appDll, new Dictionary<string, string> { ["ConnectionStrings__Store"] = $"Data Source={db}" }, "seed", "--products", products.ToString(CultureInfo.InvariantCulture));
        if (code != 0) throw new InvalidOperationException(output);
        Console.WriteLine($"seeded {products:N0} products in {seed.Elapsed.TotalSeconds:F1} s");
    }
    var environment = StoreProcess.Environment(db, port, Path.Combine(dataDir, "mail"));
    var backup = !soak && Arg("--backup", 0) == 1;
    if (backup)
    {
        for (var i = 1; i <= 2; i++)
        {
            var (code, output) = await StoreProcess.RunVerbAsync(appDll, environment, "create-admin", "--email", CrashCycles.Email(i), "--password", CrashCycles.Password);
            if (code != 0) throw new InvalidOperationException(output);
        }
    }
    var catalogue = Catalogue.Read(db);
    using var store = await StoreProcess.StartAsync(appDll, environment, port, Console.Error);
    Console.WriteLine($"{products:N0} products; {catalogue.ProductUrls.Count:N0} product pages, {catalogue.Departments.Count} departments, {catalogue.Categories.Count} categories, {catalogue.Words.Count} search words; {connections} connections");
    var shoppers = Enumerable.Range(0, connections).Select(i => new Shopper(store.Address, catalogue, new Recorder(), 100 + i)).ToList();

    // A store that has been up a while: every page seen and JIT-compiled at full optimisation before anything counts.
    await DriveAsync(shoppers, new Recorder(), TimeSpan.FromSeconds(Arg("--warmup-seconds", 15)), s => s.NextAsync(), null);

    if (soak) return await SoakAsync(store, shoppers);

    // Each endpoint alone at full load: what the store can serve of it, beside /healthz in the same run.
    var alone = new Dictionary<Endpoint, Figures>();
    var soloSeconds = Arg("--solo-seconds", 10);
    if (soloSeconds > 0)
    {
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            var recorder = new Recorder();
            var seconds = await DriveAsync(shoppers, recorder, TimeSpan.FromSeconds(soloSeconds), s => s.RequestAsync(endpoint), null);
            alone[endpoint] = recorder.For(endpoint, seconds);
        }
    }

    var mixed = new Recorder();
    var confirmed = new ConcurrentQueue<ConfirmedOrder>();
    using var stopOrders = new CancellationTokenSource();
    var orderClients = backup ? Enumerable.Range(1, 2).Select(i => new OrderClient(CrashCycles.Email(i), CrashCycles.Password, catalogue.ProductIds(), 7 + i)).ToList() : [];
    var ordering = orderClients.Select(c => Task.Run(() => c.RunAsync(store.Address, confirmed, stopOrders.Token))).ToList();
    var mixSeconds = Arg("--seconds", 60);
    var backupTask = backup ? Task.Run(async () =>
    {
        // Halfway, once the order clients have something confirmed for the backup to hold.
        await Task.Delay(TimeSpan.FromSeconds(mixSeconds / 2.0));
        var waited = Stopwatch.StartNew();
        while (confirmed.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(mixSeconds / 2.5)) await Task.Delay(100);
        return await BackupUnderLoadAsync(environment, confirmed);
    }) : Task.FromResult(0);
    var loadBefore = LoadAverage();
    var elapsed = await DriveAsync(shoppers, mixed, TimeSpan.FromSeconds(mixSeconds), s => s.NextAsync(), null);
    var loadAfter = LoadAverage();
    await stopOrders.CancelAsync();
    await Task.WhenAll(ordering);
    var backupResult = await backupTask;

    var healthAlone = alone.GetValueOrDefault(Endpoint.Healthz);
    Console.WriteLine();
    Console.WriteLine($"mixed workload, {connections} connections, {elapsed:F0} s (load average {loadBefore} before, {loadAfter} after):");
    Console.WriteLine($"{"",-12}{"req/s",9}{"p50 ms",9}{"p99 ms",9}{"errors",8}{"share",8} |{"alone: req/s",14}{"p50 ms",9}{"p99 ms",9}{"% of /healthz",15}");
    foreach (var endpoint in Enum.GetValues<Endpoint>())
    {
        var m = mixed.For(endpoint, elapsed);
        var line = $"{Name(endpoint),-12}{m.Rps,9:N0}{m.P50,9:F1}{m.P99,9:F1}{m.Errors,8}{m.Count / (double)Math.Max(1, mixed.Total),8:P0} |";
        if (alone.TryGetValue(endpoint, out var a)) line += $"{a.Rps,14:N0}{a.P50,9:F1}{a.P99,9:F1}{a.Rps / healthAlone!.Rps,15:P1}";
        Console.WriteLine(line);
    }
    var total = Enum.GetValues<Endpoint>().Select(e => mixed.For(e, elapsed)).ToList();
    Console.WriteLine($"{"all",-12}{total.Sum(f => f.Rps),9:N0}{"",18}{total.Sum(f => f.Errors),8}");
    foreach (var sample in mixed.ErrorSamples) Console.WriteLine($"  error: {sample}");
    if (backup) Console.WriteLine($"orders placed through the API meanwhile: {confirmed.Count} confirmed, {orderClients.Sum(c => c.Unexpected.Count)} unexpected answers {string.Join("; ", orderClients.SelectMany(c => c.Unexpected).Take(3))}");

    Console.WriteLine();
    Console.WriteLine("goals (issue 15):");
    if (alone.TryGetValue(Endpoint.Product, out var product)) Goal($"product page alone >= 40% of /healthz alone: {product.Rps / healthAlone!.Rps:P1}", product.Rps / healthAlone.Rps >= 0.40);
    var add = mixed.For(Endpoint.AddToCart, elapsed);
    Goal($"add to cart p99 <= 50 ms in the mix: {add.P99:F1} ms", add.P99 <= 50);
    var slowest = Enum.GetValues<Endpoint>().Select(e => (e, f: mixed.For(e, elapsed))).MaxBy(x => x.f.P99);
    Goal($"every endpoint p99 <= 100 ms in the mix: slowest {Name(slowest.e)} {slowest.f.P99:F1} ms", slowest.f.P99 <= 100);
    Goal($"0 errors: {total.Sum(f => f.Errors)}", total.Sum(f => f.Errors) == 0);
    Console.WriteLine($"store working set after the run: {store.ResidentKilobytes() / 1024:N0} MiB; load average {LoadAverage()}");
    foreach (var s in shoppers) s.Dispose();
    return backupResult;
}

async Task<int> SoakAsync(StoreProcess store, List<Shopper> shoppers)
{
    var rate = (double)Arg("--rate", 0);
    if (rate == 0)
    {
        var peak = new Recorder();
        var seconds = await DriveAsync(shoppers, peak, TimeSpan.FromSeconds(Arg("--peak-seconds", 30)), s => s.NextAsync(), null);
        var peakRps = peak.Total / seconds;
        rate = Math.Round(peakRps / 2);
        Console.WriteLine($"peak of the mix: {peakRps:N0} req/s ({seconds:F0} s, load average {LoadAverage()}); soaking at half: {rate:N0} req/s");
    }
    // A store that has been up a while: its caches (pages, search answers, tiles) fill to their limits in the first
    // minutes at this rate, which is start-up, not growth. Sampled and reported, but the soak's growth starts after.
    var settleMinutes = Arg("--settle-minutes", 5);
    var settleSamples = new List<long> { store.ResidentKilobytes() };
    if (settleMinutes > 0)
    {
        Console.WriteLine($"settling: {settleMinutes} min at {rate:N0} req/s before the soak's first sample");
        for (var m = 0; m < settleMinutes; m++)
        {
            var settle = new Recorder();
            var s = await DriveAsync(shoppers, settle, TimeSpan.FromMinutes(1), sh => sh.NextAsync(), new Pacer(rate));
            settleSamples.Add(store.ResidentKilobytes());
            Console.WriteLine($"  settle {m + 1} min  working set {settleSamples[^1] / 1024.0,7:F1} MiB  {settle.Total / s,6:N0} req/s  load average {LoadAverage()}");
        }
    }
    var minutes = Arg("--soak-minutes", 30);
    var sampleEvery = TimeSpan.FromSeconds(Arg("--sample-seconds", 60));
    var recorder = new Recorder();
    var samples = new List<long>();
    var soakWatch = Stopwatch.StartNew();
    var duration = TimeSpan.FromMinutes(minutes);
    var sampler = Task.Run(async () =>
    {
        var last = 0L;
        for (var i = 0; soakWatch.Elapsed <= duration + TimeSpan.FromSeconds(1); i++)
        {
            var rss = store.ResidentKilobytes();
            samples.Add(rss);
            var done = recorder.Total;
            Console.WriteLine($"  {soakWatch.Elapsed:mm\\:ss}  working set {rss / 1024.0,7:F1} MiB  {(done - last) / Math.Max(1, sampleEvery.TotalSeconds),6:N0} req/s  load average {LoadAverage()}");
            last = done;
            var next = sampleEvery * (i + 1);
            if (next > duration) break;
            await Task.Delay(next - soakWatch.Elapsed);
        }
    });
    Console.WriteLine($"soak: {minutes} min at {rate:N0} req/s, working set every {sampleEvery.TotalSeconds:F0} s:");
    var elapsed = await DriveAsync(shoppers, recorder, duration, s => s.NextAsync(), new Pacer(rate));
    await sampler;
    var errors = Enum.GetValues<Endpoint>().Sum(e => recorder.For(e, elapsed).Errors);
    Console.WriteLine();
    Console.WriteLine($"served {recorder.Total / elapsed:N0} req/s on average, {errors} errors");
    foreach (var endpoint in Enum.GetValues<Endpoint>())
    {
        var f = recorder.For(endpoint, elapsed);
        Console.WriteLine($"  {Name(endpoint),-12}{f.Rps,8:N0} req/s  p50 {f.P50,6:F1} ms  p99 {f.P99,7:F1} ms  {f.Errors} errors");
    }
    foreach (var sample in recorder.ErrorSamples) Console.WriteLine($"  error: {sample}");
    var growth = (samples[^1] - samples[0]) / (double)samples[0];
    Console.WriteLine($"working set: first {samples[0] / 1024.0:F1} MiB, last {samples[^1] / 1024.0:F1} MiB, max {samples.Max() / 1024.0:F1} MiB; growth first->last {growth:P1}, max over first {(samples.Max() - samples[0]) / (double)samples[0]:P1} (goal < 10%)");
    Console.WriteLine($"working set from start-up ({settleSamples[0] / 1024.0:F1} MiB, before settling) to the last sample: {(samples[^1] - settleSamples[0]) / (double)settleSamples[0]:P1}");
    Console.WriteLine($"load average {LoadAverage()}");
    foreach (var s in shoppers) s.Dispose();
    return growth < 0.10 && errors == 0 ? 0 : 1;
}

// Backup under load: the backup verb while shoppers and order clients run; then the copy (restored, when the restore
// verb is there) must pass integrity_check and hold every order confirmed before the backup started.
async Task<int> BackupUnderLoadAsync(Dictionary<string, string> environment, ConcurrentQueue<ConfirmedOrder> confirmed)
{
    var (_, help) = await StoreProcess.RunVerbAsync(appDll, environment, "--help");
    if (!Regex.IsMatch(help, @"^\s+backup\b", RegexOptions.Multiline))
    {
        Console.WriteLine("backup under load: backup verb not available in this build (`WebApp.dll --help` lists no `backup`); skipped");
        return 0;
    }
    var file = Path.Combine(dataDir, "backup-under-load.db");
    foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
    var startedAt = DateTime.UtcNow;
    var before = confirmed.Where(o => o.ConfirmedAtUtc < startedAt).ToList();
    var watch = Stopwatch.StartNew();
    var (code, output) = await StoreProcess.RunVerbAsync(appDll, environment, "backup", "--to", file);
    Console.WriteLine($"backup under load: `backup --to {file}` exited {code} after {watch.Elapsed.TotalSeconds:F1} s: {output.Trim()}");
    if (code != 0) return 1;

    var checkedFile = file;
    if (Regex.IsMatch(help, @"^\s+restore\b", RegexOptions.Multiline))
    {
        // Restored into a fresh database file of its own (the running store's file is not touched).
        var restored = Path.Combine(dataDir, "restored-under-load.db");
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(restored + suffix);
        var restoreEnvironment = new Dictionary<string, string>(environment) { ["ConnectionStrings__Store"] = $"Data Source={restored}" };
        var (restoreCode, restoreOutput) = await StoreProcess.RunVerbAsync(appDll, restoreEnvironment, "restore", "--from", file);
        Console.WriteLine($"  `restore --from` into {restored} exited {restoreCode}: {restoreOutput.Trim()}");
        if (restoreCode == 0) checkedFile = restored;
        else Console.WriteLine("  (checking the backup file itself)");
    }
    if (before.Count == 0) Console.WriteLine("  note: no order was confirmed before the backup started, so only integrity_check says anything");
    var problems = CrashCheck.BackupProblems(checkedFile, before);
    Console.WriteLine($"  {checkedFile}: integrity_check and the {before.Count} orders confirmed before the backup started: {(problems.Count == 0 ? "all there, ok" : string.Join("; ", problems.Take(10)))}");
    return problems.Count == 0 ? 0 : 1;
}

static async Task<double> DriveAsync(List<Shopper> shoppers, Recorder recorder, TimeSpan duration, Func<Shopper, Task> step, Pacer? pacer)
{
    foreach (var s in shoppers) s.Recorder = recorder;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(shoppers.Select(s => Task.Run(async () =>
    {
        while (watch.Elapsed < duration)
        {
            if (pacer is not null) await pacer.WaitAsync();
            await step(s);
        }
    })));
    return watch.Elapsed.TotalSeconds;
}

static string Name(Endpoint endpoint) => endpoint switch
{
    Endpoint.Healthz => "/healthz",
    Endpoint.AddToCart => "add to cart",
    _ => endpoint.ToString().ToLowerInvariant(),
};

static void Goal(string text, bool met) => Console.WriteLine($"  {(met ? "met " : "MISS")}  {text}");

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static void Run(string file, string args)
{
    using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed with {process.ExitCode}");
}

static string FindRoot()
{
    foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebApp.sln"))) return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run from inside the WebApp repository.");
}

int Arg(string name, int fallback) => int.Parse(Text(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

string Text(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
