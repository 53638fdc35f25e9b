using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using WebApp.Security;

namespace WebApp.Catalog;

/// <summary>
/// Renders of shared catalogue pages, per client address (<c>RateLimiting:PageRenders</c>). A page the cache has costs
/// almost nothing and is never counted: this filter runs only when the page itself runs, that is on a miss. A script
/// asking for one uncached page after another (every price filter, every page number) would otherwise keep both cores
/// rendering and push the busy pages out of the cache.
/// </summary>
public sealed class SharedRenderLimit : IAsyncPageFilter, IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext>? _limiter;

    public SharedRenderLimit(IConfiguration configuration)
    {
        var options = configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (!options.Enabled) return;
        // The same per-address partition (an IPv6 client by its /64) as the store's other limits.
        _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimits.PerAddress(context, options.PageRenders, enabled: true));
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (_limiter is null || !CatalogPageCache.IsRenderingShared(http))
        {
            await next();
            return;
        }
        using var lease = _limiter.AttemptAcquire(http);
        if (lease.IsAcquired)
        {
            await next();
            return;
        }
        SecurityEvents.Log(http, SecurityEvents.RateLimited);
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        // The friendly 429 page, as the status code pages render it for the other limits.
        context.Result = new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    public void Dispose() => _limiter?.Dispose();
}
