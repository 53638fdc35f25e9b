using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Checkout;
using WebApp.Data;

namespace WebApp.Currency;

/// <summary>
/// The rates pages convert with: the last good set, held in memory. Pages only ever read <see cref="Usable"/>; the
/// remote is called by <see cref="RefreshAsync"/> from the background (<see cref="ExchangeRateRefresher"/>), so no
/// page waits on it. Each accepted set is also stored, and loaded again at start.
/// </summary>
public sealed class ExchangeRates(
    IServiceScopeFactory scopes, IOptions<RatesOptions> options, IOptions<CheckoutOptions> checkout, TimeProvider clock, ILogger<ExchangeRates> log,
    WebApp.Catalog.CatalogPageCache pages) : IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile ExchangeRateSet? _current;
    private string? _lastProblemLogged;

    public string BaseCurrency => checkout.Value.Currency;

    /// <summary>The last good set, however old (null when none was ever fetched).</summary>
    public ExchangeRateSet? Current => _current;

    /// <summary>The set prices may be converted with: the last good one unless it is older than <c>Rates:MaxAge</c>.</summary>
    public ExchangeRateSet? Usable => _current is { } set && Age(set) <= options.Value.MaxAge ? set : null;

    /// <summary>How long until the current set is due for a refresh (zero when there is none or it is due).</summary>
    public TimeSpan UntilRefreshDue()
    {
        if (_current is not { } set) return TimeSpan.Zero;
        var left = options.Value.CacheFor - Age(set);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Loads the stored set for the store's currency (rates stored for another base are ignored).</summary>
    public async Task LoadStoredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var rows = await db.ExchangeRates.AsNoTracking().Where(r => r.BaseCurrency == BaseCurrency).ToListAsync(ct);
        if (rows.Count == 0) return;
        var fetchedAt = DateTime.SpecifyKind(rows.Max(r => r.FetchedAt), DateTimeKind.Utc);
        _current = new ExchangeRateSet(BaseCurrency, rows.Max(r => r.RatesDate), fetchedAt, rows.ToDictionary(r => r.Currency, r => r.Rate, StringComparer.Ordinal));
        log.LogInformation("Loaded {Count} stored exchange rates for {Base} of {Date:yyyy-MM-dd}", rows.Count, BaseCurrency, _current.Date);
    }

    /// <summary>
    /// Asks the remote once (through its retries and circuit breaker) and keeps the answer if it passes the checks.
    /// Concurrent callers share one call. False when the last good set stays.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        var before = _current;
        await _refreshing.WaitAsync(ct);
        try
        {
            // Someone else refreshed while we waited: their answer is ours.
            if (!ReferenceEquals(before, _current)) return true;
            await using var scope = scopes.CreateAsyncScope();
            var fetch = await scope.ServiceProvider.GetRequiredService<ExchangeRatesClient>().FetchAsync(ct);
            if (fetch.Set is not { } set)
            {
                LogFailure(fetch.Problem ?? "unknown");
                return false;
            }
            _current = set;
            await pages.RatesChangedAsync();
            if (_lastProblemLogged is not null)
            {
                log.LogInformation("Exchange rates are back: {Count} rates for {Base} of {Date:yyyy-MM-dd}", set.Rates.Count, set.Base, set.Date);
                _lastProblemLogged = null;
            }
            await StoreAsync(scope.ServiceProvider.GetRequiredService<StoreDbContext>(), set, ct);
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    public void Dispose() => _refreshing.Dispose();

    private TimeSpan Age(ExchangeRateSet set) => clock.GetUtcNow().UtcDateTime - set.FetchedAt;

    // The same problem again, or the circuit opening on an outage already reported, is only Debug: with no network
    // (CI, a sandbox) the store retries every few minutes for as long as it runs, and one line saying so is enough.
    private void LogFailure(string problem)
    {
        var showing = Usable is { } set ? $"keeping the rates of {set.Date:yyyy-MM-dd}" : "prices stay in " + BaseCurrency;
        if (problem == _lastProblemLogged || (problem == ExchangeRatesClient.CircuitOpen && _lastProblemLogged is not null))
        {
            log.LogDebug("Exchange rates not refreshed: {Problem}; {Showing}", problem, showing);
            return;
        }
        log.LogWarning("Exchange rates not refreshed from {Host}: {Problem}; {Showing}", options.Value.UrlFor(BaseCurrency)?.Host, problem, showing);
        _lastProblemLogged = problem;
    }

    // The set is replaced whole in one transaction: a crash halfway leaves the previous set, never a mix.
    private async Task StoreAsync(StoreDbContext db, ExchangeRateSet set, CancellationToken ct)
    {
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.ExchangeRates.ExecuteDeleteAsync(ct);
            db.ExchangeRates.AddRange(set.Rates.Select(r => new ExchangeRate
            {
                BaseCurrency = set.Base, Currency = r.Key, Rate = r.Value, RatesDate = set.Date, FetchedAt = set.FetchedAt,
            }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // Memory already has the new set; only the copy for the next restart is missing.
            log.LogWarning(e, "Fetched exchange rates could not be stored; the previous stored set stays for the next restart");
        }
    }
}
