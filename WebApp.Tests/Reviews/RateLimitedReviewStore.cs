using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Reviews;

/// <summary>The review store with its review limit on and small: three posts a window per address.</summary>
public sealed class RateLimitedReviewStore : ReviewStore
{
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Reviews:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Reviews:Window", "00:05:00");
        // Signing in several customers must not be what runs out.
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "1000");
    }
}
