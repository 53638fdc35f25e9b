using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

public sealed class RateLimitedShopStore : StoreFactory
{
    protected override int SeedProducts => 20;
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Checkout:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Checkout:Window", "00:05:00");
    }
}
