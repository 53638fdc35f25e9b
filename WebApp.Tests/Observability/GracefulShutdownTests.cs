using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace WebApp.Tests.Observability;

/// <summary>
/// The published way of running the store (<c>dotnet WebApp.dll</c>, Production settings, JSON logs on stdout) as a child
/// process, stopped the way systemd stops it: SIGTERM while a request is in flight.
/// </summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private const string AdminEmail = "ops@example.com";
    private const string AdminPassword = "violet crane harbour tundra";

    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("webapp-shutdown-");
    private Channel<string> _stdout = Channel.CreateUnbounded<string>();
    private readonly List<string> _lines = [];
    private int _streamsOpen;
    private Process? _app;

    [Fact]
    public async Task On_SIGTERM_a_request_in_flight_finishes_with_200_and_the_store_exits_0()
    {
        // Generous for a machine busy with other builds; on a quiet one the whole test takes a few seconds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        var (exitCode, output) = await RunToEndAsync(["create-admin", "--email", AdminEmail, "--password", AdminPassword], ct);
        Assert.True(exitCode == 0, $"create-admin exited {exitCode}:\n{output}");
        _app = Start(["--urls", "http://127.0.0.1:0"]);
        var baseUrl = new Uri(Regex.Match(await WaitForLineAsync("Now listening on:", ct), @"http://127\.0\.0\.1:\d+").Value);

        // A sign-in through the API, stopped halfway: headers sent with "Expect: 100-continue", and the body held back
        // until the store has answered "100 Continue", which it does only once the endpoint starts reading the body.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port, ct);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email = AdminEmail, password = AdminPassword }));
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/auth/login HTTP/1.1\r\nHost: {baseUrl.Authority}\r\nContent-Type: application/json\r\n" +
            $"Content-Length: {body.Length}\r\nExpect: 100-continue\r\n\r\n"), ct);
        Assert.StartsWith("HTTP/1.1 100 Continue", await ReadUntilAsync(stream, "\r\n\r\n", ct), StringComparison.Ordinal);

        Signal(_app.Id, "TERM");
        await WaitForLineAsync("Application is shutting down", ct);

        await stream.WriteAsync(body, ct);
        var response = await ReadToEndAsync(stream, ct);
        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("\"accessToken\"", response, StringComparison.Ordinal);
        // The server is closing: it tells the client not to send another request on this connection.
        Assert.Contains("Connection: close", response, StringComparison.OrdinalIgnoreCase);

        await _app.WaitForExitAsync(ct);
        await foreach (var line in _stdout.Reader.ReadAllAsync(ct)) _lines.Add(line);
        Assert.True(_app.ExitCode == 0, $"Exit code {_app.ExitCode}; the output was:\n{string.Join('\n', _lines)}");

        // Every line on stdout is one JSON object with a UTC timestamp; the request has its own line.
        var entries = _lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(entries, e => Assert.EndsWith("Z", e.GetProperty("Timestamp").GetString(), StringComparison.Ordinal));
        Assert.Contains(entries, e => e.GetProperty("Category").GetString() == "WebApp.Requests"
            && e.GetProperty("Message").GetString()!.StartsWith("POST /api/v1/auth/login answered 200 in ", StringComparison.Ordinal));
        Assert.DoesNotContain(_lines, l => l.Contains(AdminPassword, StringComparison.Ordinal));
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__Store"] = $"Data Source={Path.Combine(_temp.FullName, "store.db")}",
        ["Seed__DefaultProducts"] = "30",
        ["App__BaseUrl"] = "http://127.0.0.1",
        // Plain HTTP on loopback, as behind nginx without its forwarded headers.
        ["Auth__SecureCookies"] = "false",
        ["Rates__Url"] = "",
        ["RateLimiting__Enabled"] = "false",
        ["Email__PickupDirectory"] = Path.Combine(_temp.FullName, "mail"),
        ["Media__Directory"] = Path.Combine(_temp.FullName, "media"),
        ["Store__PagesDirectory"] = Path.Combine(_temp.FullName, "pages"),
    };

    /// <summary>The app's own build output, next to this test project's (same configuration and framework).</summary>
    private static string AppDirectory()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "WebApp.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var directory = Path.Combine(root.FullName, "WebApp", "bin", testOutput.Parent!.Name, testOutput.Name);
        Assert.True(File.Exists(Path.Combine(directory, "WebApp.dll")), $"Build the app first: no WebApp.dll in {directory}");
        return directory;
    }

    private Process Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppDirectory(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("WebApp.dll");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in Environment()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        _stdout = Channel.CreateUnbounded<string>();
        _streamsOpen = 2;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>A line of stdout or stderr; null when one of them ends, and after both the channel ends too.</summary>
    private void Received(string? line)
    {
        if (line is not null) _stdout.Writer.TryWrite(line);
        else if (Interlocked.Decrement(ref _streamsOpen) == 0) _stdout.Writer.TryComplete();
    }

    private async Task<(int ExitCode, string Output)> RunToEndAsync(IEnumerable<string> args, CancellationToken ct)
    {
        using var process = Start(args);
        await process.WaitForExitAsync(ct);
        var output = new List<string>();
        await foreach (var line in _stdout.Reader.ReadAllAsync(ct)) output.Add(line);
        return (process.ExitCode, string.Join('\n', output));
    }

    private async Task<string> WaitForLineAsync(string text, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var line = await _stdout.Reader.ReadAsync(ct);
                _lines.Add(line);
                if (line.Contains(text, StringComparison.Ordinal)) return line;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            Assert.Fail($"No line with \"{text}\" ({(e is OperationCanceledException ? "timed out" : "the process ended")}); the output was:\n{string.Join('\n', _lines)}");
            throw;
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end, CancellationToken ct)
    {
        var text = new StringBuilder();
        var buffer = new byte[1];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer, ct) == 0) break;
            text.Append((char)buffer[0]);
        }
        return text.ToString();
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream, CancellationToken ct)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    public void Dispose()
    {
        if (_app is { HasExited: false }) _app.Kill(entireProcessTree: true);
        _app?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { _temp.Delete(recursive: true); } catch (IOException) { }
    }
}
