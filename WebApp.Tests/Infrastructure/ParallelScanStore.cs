using Microsoft.AspNetCore.Hosting;

namespace WebApp.Tests.Infrastructure;

/// <summary>The same catalogue with every scan split across threads (as a 1M-product department browse is).</summary>
public sealed class ParallelScanStore : StoreFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Search:ParallelScanFrom", "1");
    }
}
