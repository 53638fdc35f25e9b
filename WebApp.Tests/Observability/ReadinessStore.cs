using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Observability;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Observability;

/// <summary>A store whose disk reports what the test sets; minimum free space 500 MB.</summary>
public sealed class ReadinessStore : StoreFactory
{
    protected override int SeedProducts => 40;

    public FakeDiskSpace Disk { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Health:MinFreeDiskMegabytes", "500");
        builder.ConfigureTestServices(services => services.AddSingleton<IDiskSpace>(Disk));
    }
}
