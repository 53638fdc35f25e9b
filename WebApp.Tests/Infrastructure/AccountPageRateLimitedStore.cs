using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

/// <summary>Its own budget: signing in spends one account post, the account page the rest.</summary>
public sealed class AccountPageRateLimitedStore : StoreFactory
{
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Accounts:Window", "00:05:00");
    }
}
