using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

/// <summary>The production cookie settings, over HTTPS.</summary>
public sealed class HttpsAccountStore : StoreFactory
{
    protected override int SeedProducts => 20;
    protected override bool SecureCookies => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("App:BaseUrl", "https://shop.example.com");
        builder.UseSetting("AllowedHosts", "");   // the production default: only the host of App:BaseUrl
    }
}
