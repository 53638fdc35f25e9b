using System.Diagnostics;
using System.Globalization;

namespace WebApp.Bench;

/// <summary>
/// The store as a real process (the built WebApp.dll in Production on loopback), so a bench or a test can load it,
/// read its working set, or kill it with SIGKILL the way a crash or the OOM killer would.
/// </summary>
public sealed class StoreProcess : IDisposable
{
    private readonly Process _process;

    private StoreProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The environment every run of the store gets: Production on plain loopback HTTP, no rate limits.</summary>
    public static Dictionary<string, string> Environment(string databasePath, int port, string mailDirectory) => new()
    {
        ["ConnectionStrings__Store"] = $"Data Source={databasePath}",
        ["Seed__DefaultProducts"] = "0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["RateLimiting__Enabled"] = "false",
        // Outside Development the store refuses to start without its public address.
        ["App__BaseUrl"] = $"http://127.0.0.1:{port}",
        // Plain HTTP on loopback: a Secure cookie would never come back.
        ["Auth__SecureCookies"] = "false",
        ["Email__PickupDirectory"] = mailDirectory,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public static async Task<StoreProcess> StartAsync(string appDll, IReadOnlyDictionary<string, string> environment, int port, TextWriter? log = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { appDll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.WorkingDirectory = Path.GetDirectoryName(appDll)!;
        var process = Process.Start(start)!;
        // The last lines the store wrote, to say why it would not start.
        var last = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is null) return;
            last.Enqueue(line);
            while (last.Count > 40) last.TryDequeue(out _);
        }
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => { Keep(e.Data); if (e.Data is not null) log?.WriteLine($"[store] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var store = new StoreProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = store.Address, Timeout = TimeSpan.FromSeconds(10) };
        var ready = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"the store exited with {process.ExitCode} before it answered:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, last)}");
            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode) return store;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (ready.Elapsed > TimeSpan.FromMinutes(3))
            {
                store.Kill();
                throw new TimeoutException("the store did not start within 3 minutes");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no finished requests.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>The store's resident set (VmRSS) in KiB.</summary>
    public long ResidentKilobytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one of the store's command-line verbs to the end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string appDll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(appDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.WorkingDirectory = Path.GetDirectoryName(appDll)!;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
