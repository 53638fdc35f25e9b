using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Backups;

/// <summary>The real store with backup settings of the test's choosing, a clock the test moves, and a database it may bring.</summary>
public sealed class BackupStore : StoreFactory
{
    public Dictionary<string, string> Settings { get; init; } = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero));

    public int Products { get; init; } = 200;

    protected override int SeedProducts => Products;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
