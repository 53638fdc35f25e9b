// Catalogue pages benchmark: starts the store in Release on loopback over a catalogue of N products (reusing
// bench/App_Data/bench-N.db, or seeding it), fills the output cache with every listing URL the load will ask for (pages
// past 3 asked for twice, as they are stored from their second request), then runs 32 connections for --seconds each
// against /healthz (before the first group of kinds and after each), two static files, home, department and leaf category pages (page 1-50, every sort, with and without
// a brand filter), any page of them to the last (nearly all computed), product pages, the same asking for gzip as
// browsers do, and a signed-in mix that is never cached.
// Usage: dotnet run -c Release --project bench/PagesBench -- [--products 1000000] [--port 5310] [--seconds 10] [--fill 1]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

var products = Arg("--products", 1_000_000);
var port = Arg("--port", 5310);
var seconds = Arg("--seconds", 10);
var fill = Arg("--fill", 1) == 1;
const int Connections = 32;
var root = FindRoot();
var dataDir = Path.Combine(root, "bench", "App_Data");
Directory.CreateDirectory(dataDir);
var db = Path.Combine(dataDir, $"bench-{products}.db");
var connectionString = $"Data Source={db}";
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"WebApp catalogue pages benchmark: {products:N0} products, {Environment.ProcessorCount} cores, {Connections} connections, {seconds} s per kind");
Console.WriteLine($"load before: {Uptime()}");
Run("dotnet", $"build -c Release \"{Path.Combine(root, "WebApp")}\" -v q -nologo", null);
var appDll = Path.Combine(root, "WebApp", "bin", "Release", "net10.0", "WebApp.dll");
if (!File.Exists(db))
{
    var seed = Stopwatch.StartNew();
    Run("dotnet", $"\"{appDll}\" seed --products {products}", connectionString);
    Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s");
}
const string Email = "pages-bench@example.com";
const string Password = "violet crane harbour tundra";
Run("dotnet", $"\"{appDll}\" create-admin --email {Email} --password \"{Password}\"", connectionString);

var catalogue = Catalogue.Read(connectionString);
Console.WriteLine($"{catalogue.Departments.Count} departments, {catalogue.Leaves.Count} leaf categories (one per department), {catalogue.MaxProductId:N0} product ids");

using var app = Start(appDll, connectionString, port);
var baseAddress = new Uri($"http://127.0.0.1:{port}");
// Anonymous visitors keep no cookies: every request is a first visit, the dearest case for the fill (a new antiforgery cookie).
using var anonymous = Client(baseAddress, cookies: null);
using var browser = Client(baseAddress, cookies: null);
browser.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
// Browsers as they are: each connection a shopper of its own who keeps their cookies (the antiforgery cookie from their
// first page on) and asks for gzip.
var shoppers = Enumerable.Range(0, Connections).Select(_ =>
{
    var shopper = Client(baseAddress, new CookieContainer());
    shopper.DefaultRequestHeaders.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
    return shopper;
}).ToArray();
var ready = Stopwatch.StartNew();
while (true)
{
    try { if ((await anonymous.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
    if (ready.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("the store did not start");
    await Task.Delay(200);
}
Console.WriteLine($"store ready in {ready.Elapsed.TotalSeconds:F1} s");

var signedInCookies = new CookieContainer();
using var signedIn = Client(baseAddress, signedInCookies);
await SignInAsync(signedIn);

var random = new Random(42);
string[] sorts = ["rating", "price-asc", "price-desc", "newest"];
string Listing(Category c, int page, string sort, bool brand) =>
    $"/categories/{c.Slug}?sort={sort}" + (page > 1 ? $"&page={page}" : "") + (brand ? $"&brand={c.TopBrand}" : "");
string RandomListing(IReadOnlyList<Category> from) =>
    Listing(from[random.Next(from.Count)], random.Next(1, 51), sorts[random.Next(sorts.Length)], random.Next(2) == 1);
// Any page of a listing, to its last, any sort, no filter: what a crawler or a shopper jumping far asks for, almost
// never asked before (a department has thousands of pages), so nearly every one is computed.
string AnyPage(IReadOnlyList<Category> from)
{
    var c = from[random.Next(from.Count)];
    return Listing(c, random.Next(1, Math.Max(1, c.Pages) + 1), sorts[random.Next(sorts.Length)], false);
}
// Product pages at their canonical address (/products/{id}/{slug}; anything else answers a redirect).
var anyProducts = ProductAddresses.Of(connectionString, Enumerable.Range(0, 30_000).Select(_ => random.Next(1, catalogue.MaxProductId + 1)));
string RandomProduct() => anyProducts[random.Next(anyProducts.Count)];
var popular = ProductAddresses.Of(connectionString, Enumerable.Range(0, 2000).Select(_ => random.Next(1, catalogue.MaxProductId + 1)));
string PopularProduct() => popular[random.Next(popular.Count)];

// JIT and caches of everything but the output cache: a few of each kind, signed in (never stored).
for (var i = 0; i < 40; i++)
{
    await signedIn.GetAsync(RandomListing(catalogue.Departments));
    await signedIn.GetAsync(RandomListing(catalogue.Leaves));
    await signedIn.GetAsync(RandomProduct());
}

if (fill)
{
    // Every listing URL the load can ask for (and the popular products), each rendered once: what the output cache holds
    // after a store has been browsed a while. This pass is itself the uncached figure for listings.
    var all = new List<string>();
    foreach (var c in catalogue.Departments.Concat(catalogue.Leaves))
    {
        for (var page = 1; page <= 50; page++)
        {
            foreach (var sort in sorts)
            {
                all.Add(Listing(c, page, sort, false));
                all.Add(Listing(c, page, sort, true));
            }
        }
    }
    all.AddRange(popular);
    all.Add("/");
    var queue = new Queue<string>(all.OrderBy(_ => random.Next()));
    var filled = await Load(anonymous, TimeSpan.FromHours(1), () => queue.Count > 0 ? queue.Dequeue() : null);
    Console.WriteLine($"rendered {all.Count:N0} pages in {filled.Elapsed.TotalSeconds:F0} s: " +
        $"{filled.Rps:N0} uncached renders/s, p50 {filled.P(0.5):F1} ms, p99 {filled.P(0.99):F1} ms, {filled.Errors} errors");
    // Listing pages past the third and product pages are stored from their second request on (as a browsed store would
    // have asked for them again): asked once more, so the cache holds them too.
    var later = all.Where(url => Regex.IsMatch(url, @"[?&]page=([4-9]|[1-9]\d)(&|$)") || url.StartsWith("/products/", StringComparison.Ordinal))
        .OrderBy(_ => random.Next()).ToList();
    var again = new Queue<string>(later);
    var stored = await Load(anonymous, TimeSpan.FromHours(1), () => again.Count > 0 ? again.Dequeue() : null);
    Console.WriteLine($"asked for the {later.Count:N0} listing pages past page 3 and popular products again (stored now) in {stored.Elapsed.TotalSeconds:F0} s, {stored.Errors} errors");
}

Console.WriteLine();
Console.WriteLine($"{"kind",-44}{"req/s",9}{"% healthz",11}{"p50 ms",9}{"p99 ms",9}{"hits",7}{"fill p50",10}{"fill p99",10}{"errors",8}{"KiB",7}");
// /healthz is the yardstick, measured before the first group of kinds and after each: on this machine it moved by
// 20-25% between runs minutes apart, so a single reading at the start made the later kinds' shares a matter of when
// they ran. Each kind's share is of the mean of the readings before and after its group; every reading is printed.
var health = await Load(anonymous, TimeSpan.FromSeconds(seconds), () => "/healthz");
Print("/healthz", health, health.Rps);
async Task Group(params (string Kind, Func<Task<Result>> Run)[] kinds)
{
    var results = new List<(string Kind, Result Result)>();
    foreach (var (kind, run) in kinds) results.Add((kind, await run()));
    var after = await Load(anonymous, TimeSpan.FromSeconds(seconds), () => "/healthz");
    foreach (var (kind, result) in results) Print(kind, result, (health.Rps + after.Rps) / 2);
    Print("/healthz", after, after.Rps);
    health = after;
}
Task<Result> Timed(HttpClient client, Func<string?> next, HttpClient[]? perWorker = null) => Load(client, TimeSpan.FromSeconds(seconds), next, perWorker);
// The store's own static files through the same pipeline, no page involved: what answering with a body of that size
// costs here at the least, so the ceiling for any page of about that size (a department page is ~46 KiB).
await Group(
    ("static file: /js/site.js", () => Timed(anonymous, () => "/js/site.js")),
    ("static file: /css/site.css", () => Timed(anonymous, () => "/css/site.css")),
    ("home", () => Timed(anonymous, () => "/")));
// Each kind twice in a row: as a client that does not ask for compression, then as browsers ask (Accept-Encoding: gzip,
// ...), still without cookies, when cached pages come back gzipped. Those are read as sent, not unpacked: a browser
// unpacks on its own machine, not on the store's two cores.
await Group(
    ("department pages (page 1-50, sorts, brand)", () => Timed(anonymous, () => RandomListing(catalogue.Departments))),
    ("  the same, gzip as browsers ask", () => Timed(browser, () => RandomListing(catalogue.Departments))),
    ("  the same, gzip, cookies kept", () => Timed(browser, () => RandomListing(catalogue.Departments), shoppers)));
await Group(
    ("leaf category pages (page 1-50, sorts, brand)", () => Timed(anonymous, () => RandomListing(catalogue.Leaves))),
    ("  the same, gzip", () => Timed(browser, () => RandomListing(catalogue.Leaves))),
    ("  the same, gzip, cookies kept", () => Timed(browser, () => RandomListing(catalogue.Leaves), shoppers)));
await Group(
    ("department pages, any page to the last", () => Timed(anonymous, () => AnyPage(catalogue.Departments))),
    ("leaf category pages, any page to the last", () => Timed(anonymous, () => AnyPage(catalogue.Leaves))));
await Group(
    ("product pages, 2,000 popular", () => Timed(anonymous, PopularProduct)),
    ("  the same, gzip", () => Timed(browser, PopularProduct)),
    ("  the same, gzip, cookies kept", () => Timed(browser, PopularProduct, shoppers)));
await Group(
    ("product pages, 30,000 of 1M (mostly uncached)", () => Timed(anonymous, RandomProduct)),
    ("signed in: listings and products (uncached)", () => Timed(signedIn,
        () => random.Next(3) switch { 0 => RandomListing(catalogue.Departments), 1 => RandomListing(catalogue.Leaves), _ => RandomProduct() })));
Console.WriteLine($"load after: {Uptime()}");
Console.WriteLine($"store working set: {WorkingSetMiB(app)} MiB");
app.Kill(entireProcessTree: true);
return 0;

void Print(string kind, Result r, double yardstick) =>
    Console.WriteLine($"{kind,-44}{r.Rps,9:N0}{r.Rps / yardstick,11:P0}{r.P(0.5),9:F1}{r.P(0.99),9:F1}{r.HitRatio,7:P0}" +
        $"{(r.Fill.Count > 0 ? r.FillP(0.5).ToString("F3") : "-"),10}{(r.Fill.Count > 0 ? r.FillP(0.99).ToString("F3") : "-"),10}{r.Errors,8}{r.MeanKiB,7:F1}");

static HttpClient Client(Uri baseAddress, CookieContainer? cookies) =>
    new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(30),
        MaxConnectionsPerServer = Connections,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        AllowAutoRedirect = false,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

static async Task SignInAsync(HttpClient client)
{
    var login = await client.GetStringAsync("/account/login");
    var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var form = new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["Input.Email"] = Email,
        ["Input.Password"] = Password,
        ["__RequestVerificationToken"] = token,
    });
    using var response = await client.PostAsync("/account/login", form);
    if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in answered {(int)response.StatusCode}");
}

// Connections workers, each sending the next URL as soon as its previous answer is read, until the time is up (or next
// gives null); worker i sends through perWorker[i] when given (a shopper with cookies of their own).
static async Task<Result> Load(HttpClient http, TimeSpan duration, Func<string?> next, HttpClient[]? perWorker = null)
{
    var result = new Result();
    var gate = new Lock();
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
    {
        var client = perWorker?[worker] ?? http;
        var mine = new Result();
        while (watch.Elapsed < duration)
        {
            string? url;
            lock (gate) url = next();
            if (url is null) break;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(url);
                await response.Content.CopyToAsync(Stream.Null);
                mine.Bytes += response.Content.Headers.ContentLength ?? 0;
                mine.Ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) mine.Errors++;
                if (response.Headers.TryGetValues("X-Page-Cache", out var status))
                {
                    if (status.Single() == "hit") mine.Hits++; else mine.Misses++;
                }
                if (response.Headers.TryGetValues("Server-Timing", out var timing)
                    && timing.Single().Split("fill;dur=") is [_, var fill] && double.TryParse(fill.Split(';')[0], CultureInfo.InvariantCulture, out var fillMs))
                {
                    mine.Fill.Add(fillMs);
                }
            }
            catch (HttpRequestException)
            {
                mine.Errors++;
            }
        }
        lock (gate) result.Add(mine);
    }));
    result.Elapsed = watch.Elapsed;
    return result;
}

static string Uptime()
{
    try { return File.ReadAllText("/proc/loadavg").Trim(); } catch (IOException) { return "unknown"; }
}

static long WorkingSetMiB(Process app)
{
    app.Refresh();
    return app.WorkingSet64 / (1024 * 1024);
}

static Process Start(string appDll, string connectionString, int port)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { appDll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
    start.Environment["ConnectionStrings__Store"] = connectionString;
    start.Environment["Seed__DefaultProducts"] = "0";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["RateLimiting__Enabled"] = "false";
    start.Environment["App__BaseUrl"] = $"http://127.0.0.1:{port}";
    // Plain HTTP on loopback: Secure cookies (antiforgery, sign-in) would be dropped by the client.
    start.Environment["Auth__SecureCookies"] = "false";
    start.Environment["Rates__Url"] = "";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    // As deploy/webapp.service runs it: glibc malloc held to two arenas (SQLite's caches come from every request thread).
    start.Environment["MALLOC_ARENA_MAX"] = "2";
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
    var start = new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardOutput = true };
    if (connectionString is not null) start.Environment["ConnectionStrings__Store"] = connectionString;
    using var process = Process.Start(start)!;
    process.StandardOutput.ReadToEnd();
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

internal sealed record Category(string Slug, string TopBrand, int Pages);

internal sealed record Catalogue(IReadOnlyList<Category> Departments, IReadOnlyList<Category> Leaves, int MaxProductId)
{
    /// <summary>Every department, the first leaf of each, and for each the brand with most products there (the brand filter).</summary>
    public static Catalogue Read(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        connection.Open();
        List<(int Id, string Slug)> Rows(string sql)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            using var reader = cmd.ExecuteReader();
            var rows = new List<(int, string)>();
            while (reader.Read()) rows.Add((reader.GetInt32(0), reader.GetString(1)));
            return rows;
        }
        string TopBrand(string column, int id) => Rows(
            $"SELECT b.Id, b.Slug FROM Brands b JOIN (SELECT BrandId, count(*) AS n FROM Products WHERE {column} = {id} GROUP BY BrandId ORDER BY n DESC LIMIT 1) t ON t.BrandId = b.Id")[0].Slug;
        // Pages of 24 of the listing's active products, for the kinds that ask for any page.
        int Pages(string column, int id) => (Rows($"SELECT count(*), '' FROM Products WHERE {column} = {id} AND IsActive = 1")[0].Id + 23) / 24;
        var departments = Rows("SELECT Id, Slug FROM Categories WHERE ParentId IS NULL ORDER BY Id");
        var leaves = Rows("SELECT Id, Slug FROM Categories c WHERE Id = (SELECT min(Id) FROM Categories WHERE ParentId = c.ParentId) ORDER BY ParentId");
        using var max = connection.CreateCommand();
        max.CommandText = "SELECT max(Id) FROM Products";
        return new Catalogue(
            [.. departments.Select(d => new Category(d.Slug, TopBrand("DepartmentId", d.Id), Pages("DepartmentId", d.Id)))],
            [.. leaves.Select(l => new Category(l.Slug, TopBrand("CategoryId", l.Id), Pages("CategoryId", l.Id)))],
            Convert.ToInt32(max.ExecuteScalar(), CultureInfo.InvariantCulture));
    }
}

internal static class ProductAddresses
{
    public static List<string> Of(string connectionString, IEnumerable<int> ids)
    {
        using var connection = new SqliteConnection(connectionString + ";Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT Id, Slug FROM Products WHERE IsActive = 1 AND Id IN ({string.Join(',', ids.Distinct())})";
        using var reader = cmd.ExecuteReader();
        var urls = new List<string>();
        while (reader.Read()) urls.Add($"/products/{reader.GetInt32(0)}/{reader.GetString(1)}");
        return urls;
    }
}

internal sealed class Result
{
    public List<double> Ms { get; } = [];
    public List<double> Fill { get; } = [];
    public int Errors { get; set; }
    public int Hits { get; set; }
    public int Misses { get; set; }
    public long Bytes { get; set; }
    public TimeSpan Elapsed { get; set; }
    public double MeanKiB => Ms.Count == 0 ? 0 : Bytes / 1024.0 / Ms.Count;
    public double Rps => Ms.Count / Elapsed.TotalSeconds;
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);

    public double P(double p) => Percentile(Ms, p);

    public double FillP(double p) => Percentile(Fill, p);

    public void Add(Result other)
    {
        Ms.AddRange(other.Ms);
        Fill.AddRange(other.Fill);
        Errors += other.Errors;
        Hits += other.Hits;
        Misses += other.Misses;
        Bytes += other.Bytes;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
    }
}
