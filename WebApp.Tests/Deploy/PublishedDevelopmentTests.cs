using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;

namespace WebApp.Tests.Deploy;

/// <summary>
/// A publish folder tried out in Development before it is deployed (as two outside reviews ran theirs, session 53):
/// ASP.NET's runtime reloader, on in appsettings.Development.json for <c>dotnet run</c>, labelled its gzip bodies
/// "br" there, and Chromium refused every stylesheet and script. The store turns the reloader off without a build's
/// runtime manifest (StoreServices).
/// </summary>
public sealed class PublishedDevelopmentTests
{
    [Fact]
    public async Task A_published_store_in_Development_sends_stylesheets_and_scripts_a_browser_can_read()
    {
        var root = Path.Combine(Path.GetTempPath(), $"webapp-published-dev-{Guid.NewGuid():N}");
        var app = Path.Combine(root, "app");
        Directory.CreateDirectory(root);
        Process? store = null;
        try
        {
            var repository = NginxStore.RepositoryRoot();
            var configuration = typeof(NginxStore).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            await NginxStore.RunAsync(NginxStore.Dotnet, ["publish", Path.Combine(repository, "WebApp", "WebApp.csproj"), "-c", configuration, "--no-build", "-o", app, "-nodeReuse:false"], repository);
            var port = FreePort();
            var start = new ProcessStartInfo(NginxStore.Dotnet) { WorkingDirectory = app, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { Path.Combine(app, "WebApp.dll"), "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(argument);
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment.Remove("DOTNET_ENVIRONMENT");
            start.Environment["ConnectionStrings__Store"] = $"Data Source={Path.Combine(root, "store.db")}";
            start.Environment["Seed__DefaultProducts"] = "30";
            start.Environment["Rates__Url"] = "";
            store = Process.Start(start)!;
            store.OutputDataReceived += (_, _) => { };
            store.ErrorDataReceived += (_, _) => { };
            store.BeginOutputReadLine();
            store.BeginErrorReadLine();

            using var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var home = await HomeAsync(client, store);
            var assets = Regex.Matches(home, "(?:href|src)=\"(/(?:css|js)/site\\.[a-z0-9]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.Equal(2, assets.Count);
            foreach (var asset in assets)
            {
                var plain = await File.ReadAllBytesAsync(Path.Combine(app, "wwwroot", Regex.Replace(asset.TrimStart('/'), "\\.[a-z0-9]+(\\.(css|js))$", "$1")));
                // What Chromium asks for: every encoding it reads, Brotli among them.
                using var request = new HttpRequestMessage(HttpMethod.Get, asset);
                request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br, zstd");
                using var response = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await response.Content.ReadAsByteArrayAsync();
                var encoding = Assert.Single(response.Content.Headers.ContentEncoding);
                using Stream decoded = encoding switch
                {
                    "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
                    "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
                    _ => throw new Xunit.Sdk.XunitException($"{asset}: Content-Encoding {encoding}"),
                };
                using var read = new MemoryStream();
                await decoded.CopyToAsync(read);
                Assert.Equal(plain, read.ToArray());
            }
        }
        finally
        {
            if (store is { HasExited: false })
            {
                store.Kill(entireProcessTree: true);
                await store.WaitForExitAsync();
            }
            store?.Dispose();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<string> HomeAsync(HttpClient client, Process store)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            Assert.False(store.HasExited, $"The store exited with {(store.HasExited ? store.ExitCode : 0)}");
            try
            {
                using var response = await client.GetAsync("/");
                if (response.IsSuccessStatusCode) return await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The published store did not answer within a minute.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
