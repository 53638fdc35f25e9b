// Search benchmark: seeds (or reuses) a catalogue of N products, starts the store in Release on loopback, and measures
// search end to end (rendered page): uncached, cached, suggestions, and throughput under load against /healthz.
// Usage: dotnet run -c Release --project bench/SearchBench -- [--products 1000000] [--port 5300] [--load-seconds 10]
// With --api 1: only the JSON API's product list against the search page, side by side (bench/api.sh).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;

var products = Arg("--products", 1_000_000);
var port = Arg("--port", 5300);
var loadSeconds = Arg("--load-seconds", 10);
var fillSeconds = Arg("--fill-seconds", 60);
var root = FindRoot();
var dataDir = Path.Combine(root, "bench", "App_Data");
Directory.CreateDirectory(dataDir);
var db = Path.Combine(dataDir, $"bench-{products}.db");
var connectionString = $"Data Source={db}";
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"WebApp search benchmark: {products:N0} products, {Environment.ProcessorCount} cores");
Run("dotnet", $"build -c Release \"{Path.Combine(root, "WebApp")}\" -v q -nologo", null);
var appDll = Path.Combine(root, "WebApp", "bin", "Release", "net10.0", "WebApp.dll");
if (!File.Exists(db))
{
    var seed = Stopwatch.StartNew();
    Run("dotnet", $"\"{appDll}\" seed --products {products}", connectionString);
    Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s (including the full-text index)");
}

using var app = Start(appDll, connectionString, port);
using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10), MaxConnectionsPerServer = 64 })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    Timeout = TimeSpan.FromSeconds(60),
};
var ready = Stopwatch.StartNew();
while (true)
{
    try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
    if (ready.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("the store did not start");
    await Task.Delay(200);
}
Console.WriteLine($"store ready in {ready.Elapsed.TotalSeconds:F1} s");

var (warmup, measured, suggestions, coldWords) = Queries(connectionString);
foreach (var url in warmup) await http.GetAsync(url);

if (Arg("--api", 0) == 1)
{
    // The JSON API (GET /api/v1/products) against the search page for the same searches: the same engine and cache, so
    // the API should cost no more than the page. Uncached: the page takes one half of the mixed set and the API the
    // other (interleaved, so both halves hold every kind); cached: each half again.
    static string Api(string url) => "/api/v1/products?" + url["/search?".Length..];
    var pageHalf = measured.Where((_, i) => i % 2 == 0).ToList();
    var apiHalf = measured.Where((_, i) => i % 2 == 1).Select(q => q with { Url = Api(q.Url) }).ToList();
    var pageMiss = await Measure(http, pageHalf, "miss");
    var apiMiss = await Measure(http, apiHalf, "miss");
    var pageHit = await Measure(http, pageHalf, "hit");
    var apiHit = await Measure(http, apiHalf, "hit");
    Console.WriteLine();
    Console.WriteLine($"{"",-34}{"n",6}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"max ms",9}{"req/s",9}");
    Report("/search page, uncached", pageMiss);
    Report("/api/v1/products, uncached", apiMiss);
    Report("/search page, cached", pageHit);
    Report("/api/v1/products, cached", apiHit);
    var apiRandom = new Random(7);
    var apiWords = measured.Where(m => m.Kind == "single word").Select(m => m.Url).ToArray();
    var pageLoad = await Load(http, loadSeconds, () => $"{apiWords[apiRandom.Next(apiWords.Length)]}&minPrice={apiRandom.Next(0, 100_000) / 100.0:0.00}");
    var apiLoad = await Load(http, loadSeconds, () => Api($"{apiWords[apiRandom.Next(apiWords.Length)]}&minPrice={apiRandom.Next(0, 100_000) / 100.0:0.00}"));
    Console.WriteLine();
    Console.WriteLine($"under load, uncached (32 connections, {loadSeconds} s each):");
    Console.WriteLine($"  /search page:      {pageLoad.Rps,10:N0} req/s, {pageLoad.Errors} errors");
    Console.WriteLine($"  /api/v1/products:  {apiLoad.Rps,10:N0} req/s, {apiLoad.Errors} errors ({apiLoad.Rps / pageLoad.Rps:P0} of the page)");
    app.Kill(entireProcessTree: true);
    return 0;
}

var uncached = await Measure(http, measured, "miss");
var cold = await Measure(http, coldWords, "miss");
var cached = await Measure(http, measured, "hit");
var suggest = await Measure(http, suggestions, "miss");
// The floor: the same client and loopback for the cheapest request there is.
var floor = await Measure(http, [.. Enumerable.Repeat(new Query("floor", "/healthz"), 300)], "none");

Console.WriteLine();
Console.WriteLine($"{"",-34}{"n",6}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}{"max ms",9}{"req/s",9}");
Report("search, uncached (mixed set)", uncached);
Report("search, cached (same set)", cached);
Report("search, words never searched", cold);
Report("suggestions, uncached", suggest);
Report("/healthz (client and loopback floor)", floor);
foreach (var kind in measured.Select(m => m.Kind).Distinct())
{
    Report($"  uncached: {kind}", [.. uncached.Where(s => s.Kind == kind)]);
}

var random = new Random(7);
var words = measured.Where(m => m.Kind == "single word").Select(m => m.Url).ToArray();
var health = await Load(http, loadSeconds, () => "/healthz");
var searchLoad = await Load(http, loadSeconds, () =>
    $"{words[random.Next(words.Length)]}&minPrice={random.Next(0, 100_000) / 100.0:0.00}");   // a fresh price floor per request: always a miss
Console.WriteLine();
Console.WriteLine($"under load (32 connections, {loadSeconds} s each):");
Console.WriteLine($"  /healthz:          {health.Rps,10:N0} req/s, {health.Errors} errors");
Console.WriteLine($"  search, uncached:  {searchLoad.Rps,10:N0} req/s, {searchLoad.Errors} errors ({searchLoad.Rps / health.Rps:P1} of /healthz)");
Console.WriteLine($"store working set after the run: {WorkingSet(app)}");

// Then a full cache: distinct searches and browses (first pages, as shoppers page) until the answer cache is at its
// size limit and the tile cache full, and the working set again.
var fillWords = new[] { "lamp", "wireless", "pro", "set", "mini", "smart", "steel", "cotton", "led", "kit", "bag", "chair" };
var fillSlugs = measured.Where(m => m.Kind == "filters only").Select(m => m.Url.Split('&')[0]).Distinct().ToArray();
var sortNames = new[] { "newest", "price-asc", "price-desc", "rating" };
var fillCounter = 0;
var fill = await Load(http, fillSeconds, () =>
{
    var i = fillCounter++;
    return i % 2 == 0
        ? $"/search?q={fillWords[i / 2 % fillWords.Length]}&sort={sortNames[i / 24 % 4]}&page={i / 96 % 5 + 1}&minPrice={i / 480}"
        : $"{fillSlugs[i / 2 % fillSlugs.Length]}&sort={sortNames[i / 24 % 4]}&page={i / 96 % 5 + 1}&minPrice={i / 480}";
});
Console.WriteLine($"store working set with a full cache ({fillCounter:N0} more searches, {fill.Errors} errors): {WorkingSet(app)}");
app.Kill(entireProcessTree: true);
return 0;

static string WorkingSet(Process app)
{
    var rss = File.ReadLines($"/proc/{app.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS", StringComparison.Ordinal))?.Split(':')[1].Trim();
    return $"{rss} ({long.Parse(rss!.Split(' ')[0], CultureInfo.InvariantCulture) / 1024:N0} MB)";
}

static async Task<List<Sample>> Measure(HttpClient http, List<Query> queries, string expect)
{
    var samples = new List<Sample>(queries.Count);
    var unexpected = 0;
    foreach (var q in queries)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(q.Url, HttpCompletionOption.ResponseHeadersRead);
        // The whole page is read, into one reused buffer: the client's own garbage collections stay out of the figures.
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            while (await body.ReadAsync(s_buffer) > 0) { }
        }
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{q.Url}: {(int)response.StatusCode}");
        if (response.Headers.TryGetValues("Server-Timing", out var timing) && !timing.Single().Contains($"\"{expect}\"", StringComparison.Ordinal)) unexpected++;
        samples.Add(new Sample(q.Kind, watch.Elapsed.TotalMilliseconds));
    }
    if (unexpected > 0) Console.WriteLine($"note: {unexpected} of {queries.Count} requests were not a cache {expect}");
    return samples;
}

static void Report(string name, List<Sample> samples)
{
    if (samples.Count == 0) return;
    var sorted = samples.Select(s => s.Ms).Order().ToArray();
    double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    Console.WriteLine($"{name,-34}{sorted.Length,6}{P(0.50),9:F2}{P(0.95),9:F2}{P(0.99),9:F2}{sorted[^1],9:F2}{1000 * sorted.Length / sorted.Sum(),9:F0}");
}

static async Task<(double Rps, int Errors)> Load(HttpClient http, int seconds, Func<string> next)
{
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var done = 0;
    var errors = 0;
    var gate = new Lock();
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
    {
        while (DateTime.UtcNow < stop)
        {
            string url;
            lock (gate) url = next();
            try
            {
                using var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode) Interlocked.Increment(ref done); else Interlocked.Increment(ref errors);
            }
            catch (HttpRequestException) { Interlocked.Increment(ref errors); }
        }
    }));
    return (done / watch.Elapsed.TotalSeconds, errors);
}

// A mixed set from the catalogue itself: specific names, common words, 2-3 letter prefixes, filters only, price sorts.
static (List<string> Warmup, List<Query> Measured, List<Query> Suggestions, List<Query> ColdWords) Queries(string connectionString)
{
    using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
    connection.Open();
    var random = new Random(42);
    List<string> names = [];
    using (var cmd = connection.CreateCommand())
    {
        // The same 400 products every run (fixed seed), spread over the whole catalogue.
        cmd.CommandText = "SELECT max(Id) FROM Products";
        var max = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        var picks = Enumerable.Range(0, 400).Select(_ => random.Next(1, max + 1));
        cmd.CommandText = $"SELECT Name FROM Products WHERE Id IN ({string.Join(',', picks)}) ORDER BY Id";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) names.Add(reader.GetString(0));
    }
    List<string> slugs = [];
    using (var cmd = connection.CreateCommand())
    {
        cmd.CommandText = "SELECT Slug FROM Categories";
        using var reader = cmd.ExecuteReader();
        while (reader.Read()) slugs.Add(reader.GetString(0));
    }
    string[] common = ["wireless", "lamp", "jacket", "organic", "black", "portable", "classic", "coffee", "chair", "shoes", "camera", "book", "puzzle", "blender", "watch", "tent", "serum", "drill", "dog", "printer"];
    string[] prefixes = ["wi", "la", "ja", "or", "bl", "po", "cl", "co", "ch", "sh", "hea", "lam", "jac", "org", "bla", "por", "cla", "cof", "cha", "sho"];
    var measured = new List<Query>();
    var seen = new HashSet<string>();
    void Add(string kind, string url) { if (seen.Add(url)) measured.Add(new Query(kind, url)); }
    foreach (var name in names.Take(120))
    {
        Add("specific name", "/search?q=" + Uri.EscapeDataString(string.Join(' ', name.Split(' ').Take(3))));
    }
    for (var i = 0; i < 120; i++) Add("single word", $"/search?q={common[i % common.Length]}&page={i / common.Length + 1}");
    for (var i = 0; i < 120; i++) Add("prefix", $"/search?q={prefixes[i % prefixes.Length]}&page={i / prefixes.Length + 1}");
    for (var i = 0; i < 120; i++) Add("filters only", $"/search?category={slugs[i % slugs.Count]}&minPrice={10 * (i / slugs.Count)}&maxPrice={200 + 50 * (i / slugs.Count)}");
    for (var i = 0; i < 120; i++) Add("sorted by price", $"/search?q={common[i % common.Length]}&sort={(i % 2 == 0 ? "price-asc" : "price-desc")}&page={i / common.Length + 1}");
    measured = [.. measured.OrderBy(_ => random.Next())];

    // A server that has been up for a while: every kind of request has been seen (and JIT-compiled at full
    // optimisation) before measuring. None of these URLs is in the measured set, so nothing measured is cached.
    var warmup = new List<string>();
    for (var i = 0; i < 60; i++)
    {
        warmup.Add($"/search?q={common[i % common.Length]}&inStock=true&page={i + 1}");
        warmup.Add($"/search?q={prefixes[i % prefixes.Length]}&inStock=true&sort=newest&page={i + 1}");
        warmup.Add($"/search?category={slugs[i % slugs.Count]}&inStock=true&minPrice={i}");
        warmup.Add($"/search?q={common[i % common.Length]}&inStock=true&sort=price-asc&page={i + 1}");
        warmup.Add("/search?q=" + Uri.EscapeDataString(string.Join(' ', names[(i * 7) % names.Count].Split(' ').Take(2))) + "&inStock=true");
        warmup.Add($"/search/suggest?q={common[i % common.Length][..3]}{(char)('a' + i % 26)}");
    }

    var suggestions = names.Skip(120).Take(200)
        .Select(n => n.Split(' '))
        .Select(w => w.Length > 1 ? $"{w[0]} {w[1][..Math.Min(3, w[1].Length)]}" : w[0])
        .Distinct()
        .Select(q => new Query("suggest", "/search/suggest?q=" + Uri.EscapeDataString(q)))
        .ToList();
    // Each word searched once, first page: nothing about it is cached, not even its list of matching ids.
    var used = new HashSet<string>(common.Concat(prefixes), StringComparer.OrdinalIgnoreCase);
    var coldWords = names.Skip(320).SelectMany(n => n.Split(' ', ',', ':'))
        .Where(w => w.Length >= 3 && w.All(char.IsLetter) && used.Add(w))
        .Take(100)
        .Select(w => new Query("cold word", "/search?q=" + Uri.EscapeDataString(w.ToLowerInvariant())))
        .ToList();
    return (warmup, measured, suggestions, coldWords);
}

static Process Start(string appDll, string connectionString, int port)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { appDll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
    start.Environment["ConnectionStrings__Store"] = connectionString;
    start.Environment["Seed__DefaultProducts"] = "0";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["RateLimiting__Enabled"] = "false";
    // Outside Development the store refuses to start without its public address.
    start.Environment["App__BaseUrl"] = $"http://127.0.0.1:{port}";
    // Plain HTTP on loopback: a Secure cookie (the antiforgery token of every listing) would fail every page.
    start.Environment["Auth__SecureCookies"] = "false";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    foreach (var name in new[] { "DOTNET_gcServer", "DOTNET_GCgen0size", "DOTNET_TieredPGO" })
    {
        if (Environment.GetEnvironmentVariable(name) is { } value) start.Environment[name] = value;   // to compare runtime settings
    }
    start.WorkingDirectory = Path.GetDirectoryName(appDll)!;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[store] {e.Data}"); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static void Run(string file, string args, string? connectionString)
{
    var start = new ProcessStartInfo(file, args) { UseShellExecute = false };
    if (connectionString is not null) start.Environment["ConnectionStrings__Store"] = connectionString;
    using var process = Process.Start(start)!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {args} failed with {process.ExitCode}");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "WebApp.sln"))) return dir.FullName;
    }
    throw new InvalidOperationException("Run from inside the WebApp repository.");
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record Query(string Kind, string Url);

internal sealed record Sample(string Kind, double Ms);

internal static partial class Program
{
    private static readonly byte[] s_buffer = new byte[64 * 1024];
}
