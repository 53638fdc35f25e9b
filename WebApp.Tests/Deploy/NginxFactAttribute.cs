namespace WebApp.Tests.Deploy;

/// <summary>
/// A test that runs the published store behind Debian's nginx. Without nginx it is skipped locally, with a message
/// saying how to install it; when the CI environment variable is set it runs anyway, so a missing nginx fails the
/// build instead of hiding.
/// </summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public const string SkipReason = "nginx not found (PATH, /usr/sbin): install it with 'sudo apt-get install -y nginx' to run the deploy tests.";

    public NginxFactAttribute()
    {
        if (FindNginx() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = SkipReason;
        }
    }

    /// <summary>nginx lives in /usr/sbin on Debian, which is not on an ordinary user's PATH.</summary>
    public static string? FindNginx() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, "nginx"))
            .FirstOrDefault(File.Exists);
}
