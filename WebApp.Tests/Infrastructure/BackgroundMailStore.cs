using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

/// <summary>Mail as the store sends it outside tests: queued and made in the background, then written to the pickup folder.</summary>
public sealed class BackgroundMailStore : StoreFactory
{
    protected override int SeedProducts => 10;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Email:SendInBackground", "true");
    }
}
