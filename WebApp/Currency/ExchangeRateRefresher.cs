using Microsoft.Extensions.Options;

namespace WebApp.Currency;

/// <summary>
/// Loads the stored rates before the store takes requests (hosted services start before the server), then keeps them
/// fresh: a refresh when the set is <c>Rates:CacheFor</c> old, and after a failure another try
/// <c>Rates:RetryAfterFailure</c> later. Pages never trigger a call.
/// </summary>
public sealed class ExchangeRateRefresher(ExchangeRates rates, IOptions<RatesOptions> options, TimeProvider clock, ILogger<ExchangeRateRefresher> log) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await rates.LoadStoredAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.UrlFor(rates.BaseCurrency) is null) return;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var due = rates.UntilRefreshDue();
                if (due > TimeSpan.Zero) await Task.Delay(due, clock, stoppingToken);
                if (!await TryRefreshAsync(stoppingToken)) await Task.Delay(options.Value.RetryAfterFailure, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The store is stopping.
        }
    }

    // A bug in a refresh must not end the loop: an exception escaping a background service stops the whole host.
    private async Task<bool> TryRefreshAsync(CancellationToken ct)
    {
        try
        {
            return await rates.RefreshAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Refreshing exchange rates failed unexpectedly; trying again later");
            return false;
        }
    }
}
