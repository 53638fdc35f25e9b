using System.Diagnostics;

namespace WebApp.Tests.Backups;

/// <summary>
/// A test that opens the database from another process with Debian's sqlite3 command line, as an operator does. Without
/// it the test is skipped locally, with a message saying how to install it; when the CI environment variable is set it
/// runs anyway, so a missing sqlite3 fails the build instead of hiding (as <see cref="Deploy.NginxFactAttribute"/>).
/// </summary>
public sealed class SqliteCliFactAttribute : FactAttribute
{
    public SqliteCliFactAttribute()
    {
        if (Find() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = "sqlite3 not found on PATH: install it with 'sudo apt-get install -y sqlite3' to run this test.";
        }
    }

    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "sqlite3")).FirstOrDefault(File.Exists);

    /// <summary>Runs one statement in a sqlite3 process of its own, which opens the database and closes it.</summary>
    public static async Task<string> RunAsync(string database, string sql)
    {
        var start = new ProcessStartInfo(Find() ?? "sqlite3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(sql);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
        return output.Trim();
    }
}
