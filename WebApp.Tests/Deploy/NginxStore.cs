using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Deploy;

/// <summary>
/// The store deployed the way the README says: published with <c>dotnet publish</c>, run as its own process in
/// Production with the settings of <c>deploy/webapp.env</c> (paths and ports replaced), behind Debian's nginx running <c>deploy/webapp.conf</c>
/// (ports, paths and host name replaced, nothing else) with a self-signed certificate made here. Everything lives in
/// one temp folder, on free loopback ports, and both processes are killed on dispose.
/// </summary>
public sealed class NginxStore : IAsyncLifetime
{
    public const string Host = "shop.test";
    public const string AdminEmail = "owner@example.com";
    public const string AdminPassword = "violet crane harbour tundra";

    /// <summary>Searches per client address in the app's window (kept small so a test can use it up).</summary>
    public const int SearchLimit = 3;

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"webapp-deploy-{Guid.NewGuid():N}");
    private readonly StringBuilder _appOutput = new();
    private Process? _app;
    private Process? _nginx;
    private string _thumbprint = "";

    public int AppPort { get; private set; }
    public int HttpPort { get; private set; }
    public int HttpsPort { get; private set; }

    public string HttpsOrigin => $"https://{Host}:{HttpsPort}";

    /// <summary>What the store wrote to stdout and stderr so far (the journal, under systemd).</summary>
    public string AppOutput
    {
        get { lock (_appOutput) return _appOutput.ToString(); }
    }

    /// <summary>The site's own access log (deploy/webapp.conf's <c>webapp_noquery</c> format).</summary>
    public string SiteAccessLog => Path.Combine(_root, "webapp.access.log");

    /// <summary>What <c>nginx -t</c> said about the configuration.</summary>
    public string NginxCheck { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var nginx = NginxFactAttribute.FindNginx() ?? throw new InvalidOperationException(NginxFactAttribute.SkipReason);
        Directory.CreateDirectory(_root);
        var repository = RepositoryRoot();
        (AppPort, HttpPort, HttpsPort) = FreePorts();

        var app = Path.Combine(_root, "app");
        var configuration = typeof(NginxStore).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        await RunAsync(Dotnet, ["publish", Path.Combine(repository, "WebApp", "WebApp.csproj"), "-c", configuration, "--no-build", "-o", app, "-nodeReuse:false"], repository);
        // The first admin, made by the CLI verb the README names, before the store starts.
        var environment = StoreEnvironment(repository);
        await RunAsync(Dotnet, [Path.Combine(app, "WebApp.dll"), "create-admin", "--email", AdminEmail, "--password", AdminPassword], app, environment);

        WriteCertificate();
        WriteNginxConfiguration(repository);
        NginxCheck = await RunAsync(nginx, [.. NginxArguments, "-t"], _root);

        _app = Start(Dotnet, [Path.Combine(app, "WebApp.dll")], app, environment);
        _nginx = Start(nginx, NginxArguments, _root, new Dictionary<string, string?>());
        await WaitForStoreAsync();
    }

    public Task DisposeAsync()
    {
        Stop(_nginx);
        Stop(_app);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A client connecting from <paramref name="localAddress"/> (any 127.x.y.z: each is a different client to nginx)
    /// to nginx's https port, or to the store's own port with <paramref name="direct"/>, whatever host the URL names.
    /// It trusts exactly the test certificate, keeps cookies and never follows redirects.
    /// </summary>
    public HttpClient ClientFrom(string localAddress, bool direct = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            CookieContainer = new CookieContainer(),
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = async (context, cancellation) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, direct ? AppPort : context.DnsEndPoint.Port), cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _thumbprint;
        return new HttpClient(handler)
        {
            BaseAddress = new Uri(direct ? $"http://{Host}:{HttpsPort}" : HttpsOrigin),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Waits (bounded) until the store has logged a line holding every one of <paramref name="parts"/>.</summary>
    public async Task<string?> LogLineAsync(params string[] parts)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var line = AppOutput.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line is not null) return line;
            await Task.Delay(50);
        }
        return null;
    }

    internal static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    private string[] NginxArguments => ["-p", _root + "/", "-c", Path.Combine(_root, "nginx.conf"), "-e", Path.Combine(_root, "error.log")];

    /// <summary>
    /// deploy/webapp.env with the temp folder for /opt/webapp/App_Data and the test's host and ports, plus what only a
    /// test wants: a few demo products, no exchange-rate calls, a search budget small enough to use up.
    /// </summary>
    private Dictionary<string, string?> StoreEnvironment(string repository)
    {
        var environment = new Dictionary<string, string?> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = null };
        foreach (var line in File.ReadAllLines(Path.Combine(repository, "deploy", "webapp.env")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var (name, value) = (line[..line.IndexOf('=', StringComparison.Ordinal)], line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"'));
            environment[name] = value
                .Replace("/opt/webapp/App_Data", Path.Combine(_root, "App_Data"), StringComparison.Ordinal)
                .Replace("https://shop.example.com", HttpsOrigin, StringComparison.Ordinal)
                .Replace("shop.example.com;", $"{Host};", StringComparison.Ordinal)
                .Replace("127.0.0.1:5000", $"127.0.0.1:{AppPort}", StringComparison.Ordinal);
        }
        Assert.Equal($"http://127.0.0.1:{AppPort}", environment["ASPNETCORE_URLS"]);
        Assert.Equal(HttpsOrigin, environment["App__BaseUrl"]);
        environment["Seed__DefaultProducts"] = "30";
        environment["Rates__Url"] = "";
        environment["RateLimiting__Search__PermitLimit"] = SearchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["RateLimiting__Search__Window"] = "01:00:00";
        return environment;
    }

    private void WriteCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(Host);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        _thumbprint = certificate.GetCertHashString();
        File.WriteAllText(Path.Combine(_root, "fullchain.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_root, "privkey.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// deploy/webapp.conf with its ports, paths and host name replaced, inside a minimal main configuration. Each
    /// replacement must match, so a change to the site file that the test no longer covers fails here.
    /// </summary>
    private void WriteNginxConfiguration(string repository)
    {
        var site = File.ReadAllText(Path.Combine(repository, "deploy", "webapp.conf")).ReplaceLineEndings("\n");
        site = Replace(site, "server 127.0.0.1:5000;", $"server 127.0.0.1:{AppPort};");
        site = Replace(site, "    listen 80;\n", $"    listen 127.0.0.1:{HttpPort};\n");
        site = Replace(site, "    listen [::]:80;\n", "");
        site = Replace(site, "    listen 443 ssl http2;\n", $"    listen 127.0.0.1:{HttpsPort} ssl http2;\n");
        site = Replace(site, "    listen [::]:443 ssl http2;\n", "");
        site = Replace(site, "/etc/letsencrypt/live/shop.example.com/fullchain.pem", Path.Combine(_root, "fullchain.pem"));
        site = Replace(site, "/etc/letsencrypt/live/shop.example.com/privkey.pem", Path.Combine(_root, "privkey.pem"));
        site = Replace(site, "root /var/www/html;", $"root {Path.Combine(_root, "acme")};");
        site = Replace(site, "/var/log/nginx/webapp.access.log", SiteAccessLog);
        site = Replace(site, "server_name shop.example.com;", $"server_name {Host};");
        File.WriteAllText(Path.Combine(_root, "webapp.conf"), site);

        // Debian's nginx.conf runs workers as www-data; as an ordinary user nginx runs them as that user.
        var user = Environment.UserName == "root" ? "user www-data;\n" : "";
        File.WriteAllText(Path.Combine(_root, "nginx.conf"), $$"""
            {{user}}worker_processes 1;
            daemon off;
            pid {{_root}}/nginx.pid;
            error_log {{_root}}/error.log warn;
            events { worker_connections 256; }
            http {
                include /etc/nginx/mime.types;
                default_type application/octet-stream;
                access_log {{_root}}/access.log;
                client_body_temp_path {{_root}}/body;
                proxy_temp_path {{_root}}/proxy;
                fastcgi_temp_path {{_root}}/fastcgi;
                uwsgi_temp_path {{_root}}/uwsgi;
                scgi_temp_path {{_root}}/scgi;
                include {{_root}}/webapp.conf;
            }
            """);
    }

    private static string Replace(string text, string old, string replacement) =>
        text.Contains(old, StringComparison.Ordinal)
            ? text.Replace(old, replacement, StringComparison.Ordinal)
            : throw new InvalidOperationException($"deploy/webapp.conf no longer contains '{old.Trim()}': update NginxStore to match it.");

    private async Task WaitForStoreAsync()
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (_app!.HasExited) throw new InvalidOperationException($"The store exited with {_app.ExitCode}:\n{AppOutput}");
            if (_nginx!.HasExited) throw new InvalidOperationException($"nginx exited with {_nginx.ExitCode}:\n{ReadOrEmpty(Path.Combine(_root, "error.log"))}");
            try
            {
                // The liveness probe a load balancer or monitor would use: plain HTTP on loopback, the public host.
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{AppPort}/healthz");
                request.Headers.Host = $"{Host}:{HttpsPort}";
                using var response = await probe.SendAsync(request);
                if (response.IsSuccessStatusCode && await NginxListensAsync()) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"The store did not answer /healthz within a minute:\n{AppOutput}");
    }

    private async Task<bool> NginxListensAsync()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, HttpsPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private Process Start(string file, IEnumerable<string> arguments, string directory, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_appOutput) _appOutput.AppendLine(line);
    }

    /// <summary>Runs a command to its end and returns its output; a non-zero exit fails the fixture with that output.</summary>
    internal static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string directory, Dictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? [])
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        if (process.ExitCode != 0) throw new InvalidOperationException($"'{file} {string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}:\n{text}");
        return text;
    }

    private static void Stop(Process? process)
    {
        if (process is null) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    /// <summary>Three distinct free loopback ports, outside the range outgoing connections take theirs from (<see cref="LoopbackPorts"/>).</summary>
    private static (int, int, int) FreePorts()
    {
        var ports = LoopbackPorts.Free(3);
        return (ports[0], ports[1], ports[2]);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "WebApp.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("WebApp.sln not found above " + AppContext.BaseDirectory);
    }
}
