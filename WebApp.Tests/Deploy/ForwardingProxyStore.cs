using Microsoft.AspNetCore.Hosting;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Deploy;

/// <summary>The store told to take forwarded headers from one proxy, 10.0.0.1, with a small search budget.</summary>
public sealed class ForwardingProxyStore : StoreFactory
{
    public const string Proxy = "10.0.0.1";
    public const int SearchLimit = 2;

    protected override int SeedProducts => 20;
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ForwardedHeaders:Enabled", "true");
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", Proxy);
        builder.UseSetting("RateLimiting:Search:PermitLimit", SearchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:Search:Window", "01:00:00");
    }
}
