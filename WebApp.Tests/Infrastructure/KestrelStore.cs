using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace WebApp.Tests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port on loopback: for what only the real server does (it refuses to write a header with
/// non-ASCII characters, where the in-memory test server lets it through), and for the browser.
/// </summary>
public class KestrelStore : StoreFactory, IAsyncLifetime
{
    public string BaseUrl { get; private set; } = "";

    // Clients reach Kestrel by address, not by the public host name.
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AllowedHosts", "127.0.0.1");
    }

    public virtual Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        return Task.CompletedTask;
    }

    /// <summary>A client of the real server, with cookies, that does not follow redirects.</summary>
    public HttpClient CreateKestrelClient() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };

    Task IAsyncLifetime.DisposeAsync() => StopAsync();

    protected virtual async Task StopAsync() => await DisposeAsync();
}
