using Microsoft.Playwright;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Browser;

/// <summary>
/// The app on a real Kestrel port and Debian's Chromium driven by Playwright. Playwright never downloads a browser
/// here: it launches the system <c>chromium</c> through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>.
/// </summary>
public sealed class BrowserStore : KestrelStore
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        var chromium = BrowserFactAttribute.FindChromium()
            ?? throw new InvalidOperationException("Chromium is not installed. Install it with: sudo apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <param name="timeZone">The browser's time zone (an IANA name); the machine's when null.</param>
    public async Task<IPage> NewPageAsync(string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, TimezoneId = timeZone });
        // Two cores shared with the build and the other tests: a page's load event can take longer than Playwright's 30 s default.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A context <paramref name="width"/> wide, for a page checked with axe: the site's CSP would block the script axe
    /// injects, and only this context lifts it.
    /// </summary>
    public async Task<IBrowserContext> NewAxeContextAsync(int width, int height)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, BypassCSP = true, ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    protected override async Task StopAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.StopAsync();
    }
}

/// <summary>
/// A browser test. Without Chromium it is skipped locally, with a message saying how to install it; when the CI
/// environment variable is set it runs anyway, so a missing browser fails the build instead of hiding.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (FindChromium() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = SkipReason;
        }
    }

    public const string SkipReason = "Chromium not found on PATH: install it with 'sudo apt-get install -y chromium' to run browser tests.";

    public static string? FindChromium() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
}
