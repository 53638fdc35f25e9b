using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Currency;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Currency;

/// <summary>
/// The store with its rates service at <see cref="RatesUrl"/> (a <see cref="FakeRatesServer"/>), short timeouts and
/// quick retries. The background refresh makes its first call at start and then waits an hour, so a test drives the
/// rest through <see cref="RefreshAsync"/>.
/// </summary>
public sealed class RatesStore(string ratesUrl) : StoreFactory
{
    public string RatesUrl { get; } = ratesUrl;

    /// <summary>Settings a test overrides ("AttemptTimeout" = "00:10:00" ...), under "Rates:".</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    protected override int SeedProducts => 40;

    public ExchangeRates Rates => Services.GetRequiredService<ExchangeRates>();

    /// <summary>One refresh, as the background would run it: true when a new set was accepted.</summary>
    public Task<bool> RefreshAsync() => Rates.RefreshAsync(CancellationToken.None);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        var settings = new Dictionary<string, string>
        {
            ["Url"] = RatesUrl,
            ["AttemptTimeout"] = "00:00:00.300",
            ["TotalTimeout"] = "00:00:02",
            ["Retries"] = "2",
            ["RetryDelay"] = "00:00:00.020",
            ["BreakAfter"] = "4",
            ["BreakSampling"] = "00:01:00",
            ["BreakFor"] = "00:01:00",
            ["CacheFor"] = "01:00:00",
            ["RetryAfterFailure"] = "01:00:00",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting("Rates:" + key, value);
        builder.UseSetting("Rates:Currencies:0", "EUR");
        builder.UseSetting("Rates:Currencies:1", "GBP");
        builder.UseSetting("Rates:Currencies:2", "JPY");
        // Offered but never in the fake's answers: the "no rates for it" case.
        builder.UseSetting("Rates:Currencies:3", "SEK");
        // appsettings.json lists more; blank entries are dropped, so the picker offers exactly these.
        for (var i = 4; i < 12; i++) builder.UseSetting($"Rates:Currencies:{i}", "");
    }
}
