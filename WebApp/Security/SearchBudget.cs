using System.Diagnostics;
using System.Threading.RateLimiting;

namespace WebApp.Security;

/// <summary>
/// Each address's search budget (<c>RateLimiting:Search</c>), one for the whole store: the rate-limiting middleware's
/// <see cref="RateLimits.Search"/> policy (the search page, the API's product search; suggestions have their own) spends from it, and
/// so does <see cref="WebApp.Catalog.PageShortcut"/>, which sends a search page the cache has served before routing,
/// where the middleware never sees the request. Without one budget for both, a search page could either never take the
/// shortcut (each cached hit then paid for the whole pipeline: routing, authentication, the cache's lookup and
/// decompression) or take it uncounted, and a script could ask for cached pages without limit.
/// </summary>
public sealed class SearchBudget : IDisposable
{
    // Null when limits are off (RateLimiting:Enabled false).
    private readonly PartitionedRateLimiter<string>? _addresses;

    public SearchBudget(RateLimitOptions options)
    {
        if (!options.Enabled) return;
        var limit = options.Search;
        _addresses = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => RateLimits.Window(limit)));
    }

    /// <summary>One search from this request's address: true (and spent) if its budget allows it, or limits are off.</summary>
    public bool TrySpend(HttpContext context)
    {
        if (_addresses is null) return true;
        using var lease = _addresses.AttemptAcquire(RateLimits.ClientOf(context));
        return lease.IsAcquired;
    }

    /// <summary>The middleware's partition for this request: a view of the address's budget here.</summary>
    internal RateLimitPartition<string> PartitionFor(HttpContext context)
    {
        if (_addresses is null) return RateLimitPartition.GetNoLimiter("off");
        var address = RateLimits.ClientOf(context);
        return RateLimitPartition.Get(address, key => new AddressView(_addresses, key));
    }

    public void Dispose() => _addresses?.Dispose();

    /// <summary>
    /// What the middleware holds per address: every call goes to the shared budget. The middleware drops and disposes
    /// views that have been idle a while; disposing one leaves the budget as it is.
    /// </summary>
    private sealed class AddressView(PartitionedRateLimiter<string> addresses, string address) : RateLimiter
    {
        private long _lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => addresses.GetStatistics(address);

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            return addresses.AttemptAcquire(address, permitCount);
        }

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            return addresses.AcquireAsync(address, permitCount, cancellationToken);
        }
    }
}
