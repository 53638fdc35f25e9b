// Admin benchmark: seeds (or reuses) a catalogue of N products, starts the store in Release on loopback, signs in as
// an admin and measures, through the admin pages: importing 100,000 new products, updating 100,000 existing ones
// (search index included, both), exporting every product as CSV with the store's peak working set, and the admin
// product list's last page (when that page exists in this build).
// Usage: dotnet run -c Release --project bench/AdminBench -- [--products 1000000] [--rows 100000] [--port 5310] [--list-only]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

var products = Arg("--products", 1_000_000);
var rows = Arg("--rows", 100_000);
var port = Arg("--port", 5310);
var listOnly = args.Contains("--list-only");
var root = FindRoot();
var dataDir = Path.Combine(root, "bench", "App_Data");
Directory.CreateDirectory(dataDir);
var db = Path.Combine(dataDir, $"admin-bench-{products}.db");
var connectionString = $"Data Source={db}";
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
const string Email = "bench-admin@example.com";
const string Password = "violet crane harbour tundra";

Console.WriteLine($"WebApp admin benchmark: {products:N0} products, {rows:N0} import rows, {Environment.ProcessorCount} cores");
Run("dotnet", $"build -c Release \"{Path.Combine(root, "WebApp")}\" -v q -nologo", null);
var appDll = Path.Combine(root, "WebApp", "bin", "Release", "net10.0", "WebApp.dll");
if (!File.Exists(db))
{
    // A fresh catalogue every time the file is missing; the imports below add to it, so delete the file to start over.
    var seed = Stopwatch.StartNew();
    Run("dotnet", $"\"{appDll}\" seed --products {products}", connectionString);
    Run("dotnet", $"\"{appDll}\" create-admin --email {Email} --password \"{Password}\"", connectionString);
    Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s (including the full-text index)");
}

using var app = Start(appDll, connectionString, port);
var cookies = new CookieContainer();
using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = true, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}"),
    Timeout = TimeSpan.FromMinutes(10),
};
var ready = Stopwatch.StartNew();
while (true)
{
    try { if ((await http.GetAsync("/healthz")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
    if (ready.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("the store did not start");
    await Task.Delay(200);
}
Console.WriteLine($"store ready in {ready.Elapsed.TotalSeconds:F1} s");
await SignInAsync(http);

if (!listOnly)
{
    var (leaves, brands, existingSkus) = CatalogFacts(connectionString, rows);
    var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    var created = Csv(rows, i => $"BN{run}-{i:D7}", i => $"Bench Lamp {run} {i}", leaves, brands);
    var (createSeconds, createPage) = await ImportAsync(http, created);
    Console.WriteLine($"import {rows:N0} new products:      {createSeconds,7:F1} s  ({Counts(createPage)})  [target <= 30 s]");

    var updated = Csv(existingSkus.Count, i => existingSkus[i], i => $"Bench Renamed {run} {i}", leaves, brands);
    var (updateSeconds, updatePage) = await ImportAsync(http, updated);
    Console.WriteLine($"update {existingSkus.Count:N0} existing products: {updateSeconds,7:F1} s  ({Counts(updatePage)})  [target <= 30 s]");

    var probe = await http.GetStringAsync($"/search?q=renamed+{run}");
    Console.WriteLine($"search finds the renamed products at once: {probe.Contains("Bench Renamed", StringComparison.Ordinal)}");

    TryResetPeak(app);
    var before = Rss(app, "VmRSS");
    var export = Stopwatch.StartNew();
    using (var response = await http.GetAsync("/admin/products/export", HttpCompletionOption.ResponseHeadersRead))
    {
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0, lines = 0;
        long peakSampled = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            if ((lines & 0x3FFF) < 64) peakSampled = Math.Max(peakSampled, Rss(app, "VmRSS"));
        }
        var peak = Math.Max(peakSampled, Rss(app, "VmHWM"));
        Console.WriteLine($"export {lines - 1:N0} rows ({bytes / 1024 / 1024:N0} MB):  {export.Elapsed.TotalSeconds,7:F1} s  [target <= 20 s]");
        Console.WriteLine($"  store working set: {before / 1024:N0} MB before, peak {peak / 1024:N0} MB during the export");
    }
}

// The admin product list is another part of the admin pages: measured when this build has it.
var list = await http.GetAsync("/admin/products");
if (list.StatusCode == HttpStatusCode.OK)
{
    var html = await list.Content.ReadAsStringAsync();
    var last = Regex.Matches(html, @"[?&](?:amp;)?page=(\d+)").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(1).Max();
    var url = $"/admin/products?page={last}";
    var samples = new List<double>();
    var server = new List<double>();
    for (var i = 0; i < 25; i++)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url);
        await response.Content.ReadAsByteArrayAsync();
        samples.Add(watch.Elapsed.TotalMilliseconds);
        if (response.Headers.TryGetValues("Server-Timing", out var timing)
            && Regex.Match(string.Join(",", timing), @"dur=([\d.]+)") is { Success: true } m) server.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
    }
    samples.Sort();
    server.Sort();
    Console.WriteLine($"admin product list, last page ({url}): p50 {samples[samples.Count / 2]:F1} ms, max {samples[^1]:F1} ms end to end"
        + (server.Count > 0 ? $"; server p50 {server[server.Count / 2]:F1} ms" : "") + "  [target < 100 ms server time]");
}
else
{
    Console.WriteLine($"admin product list: /admin/products answered {(int)list.StatusCode}; not in this build. After merging, run with --list-only.");
}
app.Kill(entireProcessTree: true);

static string Counts(string page) =>
    string.Join(", ", Regex.Matches(page, "data-count=\"(\\w+)\">([\\d,]+)<").Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));

static async Task<(double Seconds, string Page)> ImportAsync(HttpClient http, byte[] csv)
{
    var token = Token(await http.GetStringAsync("/admin/products/import"));
    var watch = Stopwatch.StartNew();
    using var body = new MultipartFormDataContent
    {
        { new StringContent(token), "__RequestVerificationToken" },
        { new ByteArrayContent(csv), "file", "bench.csv" },
    };
    using var response = await http.PostAsync("/admin/products/import", body);
    var status = response.RequestMessage!.RequestUri!;
    if (!status.AbsolutePath.StartsWith("/admin/products/import/", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"upload refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
    }
    while (true)
    {
        using var poll = await http.GetAsync(status);
        if (!poll.Headers.Contains("Refresh")) return (watch.Elapsed.TotalSeconds, await poll.Content.ReadAsStringAsync());
        // Polled as a person's page would be (it refreshes every 2 s), not hammered: the reads would hold back WAL checkpoints.
        await Task.Delay(500);
    }
}

static byte[] Csv(int count, Func<int, string> sku, Func<int, string> name, List<string> leaves, List<string> brands)
{
    var text = new StringBuilder("Sku,Name,Description,Price,Stock,Active,Category,Brand\n");
    for (var i = 0; i < count; i++)
    {
        text.Append(sku(i)).Append(',').Append(name(i))
            .Append(",\"A sturdy, well-made product for the benchmark, with a description of ordinary length.\",")
            .Append((10 + i % 500).ToString(CultureInfo.InvariantCulture)).Append(".99,").Append(i % 50).Append(",true,")
            .Append(leaves[i % leaves.Count]).Append(',').Append(brands[i % brands.Count]).Append('\n');
    }
    return Encoding.UTF8.GetBytes(text.ToString());
}

static (List<string> Leaves, List<string> Brands, List<string> Skus) CatalogFacts(string connectionString, int rows)
{
    using var connection = new SqliteConnection(connectionString);
    connection.Open();
    List<string> Read(string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }
    return (Read("SELECT Slug FROM Categories c WHERE NOT EXISTS (SELECT 1 FROM Categories k WHERE k.ParentId = c.Id)"),
        Read("SELECT Name FROM Brands WHERE Name NOT LIKE '%,%' AND Name NOT LIKE '%\"%'"),
        Read($"SELECT Sku FROM Products ORDER BY Id LIMIT {rows}"));
}

static async Task SignInAsync(HttpClient http)
{
    var token = Token(await http.GetStringAsync("/account/login"));
    using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Email", Email), new("Input.Password", Password)]);
    using var response = await http.PostAsync("/account/login", form);
    if ((await http.GetAsync("/admin")).StatusCode != HttpStatusCode.OK) throw new InvalidOperationException("could not sign in as the bench admin");
}

// A bench, not a test: the token is read with a pattern rather than an HTML parser.
static string Token(string html) => Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

static long Rss(Process app, string field)
{
    var line = File.ReadLines($"/proc/{app.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
    return line is null ? 0 : long.Parse(line.Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}

// Resets the kernel's peak-RSS mark (VmHWM), so the peak read after the export is the export's own.
static void TryResetPeak(Process app)
{
    try { File.WriteAllText($"/proc/{app.Id}/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

static Process Start(string appDll, string connectionString, int port)
{
    var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in new[] { appDll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
    start.Environment["ConnectionStrings__Store"] = connectionString;
    start.Environment["Seed__DefaultProducts"] = "0";
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    start.Environment["RateLimiting__Enabled"] = "false";
    // Plain HTTP on loopback: the sign-in cookie cannot be Secure here.
    start.Environment["Auth__SecureCookies"] = "false";
    start.Environment["App__BaseUrl"] = $"http://127.0.0.1:{port}";
    start.Environment["AllowedHosts"] = "*";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    start.Environment["Logging__LogLevel__WebApp.Admin"] = "Information";
    start.WorkingDirectory = Path.GetDirectoryName(appDll)!;
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Product import", StringComparison.Ordinal) == true) Console.WriteLine($"  [store] {e.Data.Trim()}"); };
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
