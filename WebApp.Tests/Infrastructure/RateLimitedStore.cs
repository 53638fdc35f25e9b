using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

public sealed class RateLimitedStore : StoreFactory
{
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Search:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Search:Window", "00:05:00");
        builder.UseSetting("RateLimiting:Suggest:PermitLimit", "6");
        builder.UseSetting("RateLimiting:Suggest:Window", "00:05:00");
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "2");
        builder.UseSetting("RateLimiting:Accounts:Window", "00:05:00");
    }
}
