using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace WebApp.Tests.Backups;

/// <summary>The built WebApp.dll in a process of its own, as an operator runs it; and the small file facts the tests compare.</summary>
public static class StoreCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Store"] = $"Data Source={database}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Rates__Url"] = "";
        start.Environment["App__BaseUrl"] = "http://localhost";
        start.Environment["Auth__SecureCookies"] = "false";   // a plain-HTTP test host, as the web tests' StoreFactory
        start.WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, new StringBuilder().Append(await stdout).Append(await stderr).ToString());
    }

    /// <summary>The file's permission bits (the suite runs on Linux, as the store does).</summary>
    public static UnixFileMode ModeOf(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix permissions only") : File.GetUnixFileMode(path);

    public static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A folder of the test's own, removed with everything in it.</summary>
    public static string NewFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), $"webapp-backups-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A copy of the previous release's fixture database (see Fixtures/rebuild-previous-release.sh).</summary>
    public static string CopyOfPreviousRelease(string folder)
    {
        var path = Path.Combine(folder, "store.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "previous-release.db"), path);
        return path;
    }

    public static void DeleteFolder(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
