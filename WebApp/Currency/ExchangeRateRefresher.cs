using Microsoft.Extensions.Options;

namespace WebApp.Currency;

/// <summary>
/// Loads the stored rates before the store takes requests (hosted services start before the server), then keeps them
/// fresh: a refresh when the set is <c>Rates:CacheFor</c> old, and after a failure another try
/// <c>Rates:RetryAfterFailure</c> later. Pages never trigger a call.
/// </summary>
public sealed class ExchangeRateRefresher(ExchangeRates rates, IOptions<RatesOptions> options, TimeProvider clock) : BackgroundService
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
                if (!await rates.RefreshAsync(stoppingToken)) await Task.Delay(options.Value.RetryAfterFailure, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The store is stopping.
        }
    }
}
