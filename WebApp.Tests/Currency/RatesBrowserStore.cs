using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Currency;

/// <summary>The store on Kestrel with its rates from a <see cref="FakeRatesServer"/>, and Chromium to click through it.</summary>
public sealed class RatesBrowserStore : KestrelStore
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public FakeRatesServer Remote { get; private set; } = null!;

    protected override int SeedProducts => 40;

    public override async Task InitializeAsync()
    {
        Remote = await FakeRatesServer.StartAsync();
        await base.InitializeAsync();
        var chromium = BrowserFactAttribute.FindChromium()
            ?? throw new InvalidOperationException("Chromium is not installed. Install it with: sudo apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        Directory.CreateDirectory(BrowserStore.ScreenshotDirectory);
    }

    /// <summary>A page in a fresh context; <paramref name="bypassCsp"/> lets axe inject its script.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, bool bypassCsp = false)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, BypassCSP = bypassCsp, ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Rates:Url", Remote.Url);
    }

    protected override async Task StopAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        await base.StopAsync();
        await Remote.DisposeAsync();
    }
}
