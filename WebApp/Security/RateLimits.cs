using System.Globalization;
using System.Threading.RateLimiting;

namespace WebApp.Security;

/// <summary>
/// Per-address limits on abuse-prone endpoints, from the <c>RateLimiting</c> configuration section. A rejected request
/// gets 429 with Retry-After, and the status code page renders the friendly "Too many requests" page.
/// </summary>
public static class RateLimits
{
    public const string Search = "search";
    public const string Suggest = "suggest";
    public const string Accounts = "accounts";
    public const string Refresh = "refresh";
    public const string Checkout = "checkout";
    public const string Cart = "cart";
    public const string Reviews = "reviews";
    public const string Api = "api";
    public const string BackInStock = "back-in-stock";

    // The policies that count posts alone.
    private static readonly string[] s_postsOnly = [Accounts, Refresh, Checkout, Cart, Reviews, BackInStock];

    /// <summary>
    /// Whether a policy counts posts alone, so a GET under it spends nothing: code that answers a GET without running
    /// the rate limiter (<c>Catalog/PageShortcut</c>, before routing) may do so only for pages under such a policy or none.
    /// </summary>
    public static bool CountsPostsOnly(string? policy) => s_postsOnly.Contains(policy, StringComparer.Ordinal);

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("RateLimiting").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<SearchBudget>();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                SecurityEvents.Log(http, SecurityEvents.RateLimited);
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                // A script asking for JSON (suggestions, the in-place cart) gets problem JSON; a page gets the friendly
                // page the status code pages render.
                if (WebApp.Api.ApiProblems.IsApi(http) || http.Request.Headers.Accept.Any(a => a?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                    || http.Request.Path.StartsWithSegments("/search/suggest", StringComparison.OrdinalIgnoreCase))
                {
                    // The framework has no default type for 429 as it has for the 4xx of RFC 9110: RFC 6585 defines it.
                    await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                        detail: "Slow down a little and try again in a moment.", type: "https://www.rfc-editor.org/rfc/rfc6585#section-4").ExecuteAsync(http);
                }
            };
            // Shared with the page shortcut, which answers cached search pages before this middleware runs (SearchBudget).
            limiter.AddPolicy(Search, context => context.RequestServices.GetRequiredService<SearchBudget>().PartitionFor(context));
            // Only posts count: showing the sign-in form is free, trying passwords is not.
            foreach (var policy in s_postsOnly)
            {
                var limit = policy switch
                {
                    Accounts => options.Accounts,
                    Refresh => options.Refresh,
                    Checkout => options.Checkout,
                    Cart => options.Cart,
                    Reviews => options.Reviews,
                    BackInStock => options.BackInStock,
                    _ => throw new System.Diagnostics.UnreachableException($"No limit configured for the policy {policy}."),
                };
                // Checkout's "Update the totals" charges nothing and places nothing: counted, a first checkout (the
                // totals for the address, then the order) and one declined card spent a shopper's whole budget.
                limiter.AddPolicy(policy, context => HttpMethods.IsPost(context.Request.Method)
                    && !(policy == Checkout && string.Equals(context.Request.Query["handler"], "Totals", StringComparison.OrdinalIgnoreCase))
                    ? PerAddress(context, limit, options.Enabled)
                    : RateLimitPartition.GetNoLimiter("get"));
            }
            limiter.AddPolicy(Suggest, context => PerAddress(context, options.Suggest, options.Enabled));
            // The JSON API: per token or signed-in user when there is one (an app's users behind one carrier address
            // each get their own budget), else per address.
            limiter.AddPolicy(Api, context => PerCaller(context, options.Api, options.Enabled));
        });
        return builder;
    }

    /// <summary>
    /// Whose budget a request spends: the client address after UseForwardedHeaders (behind nginx, the shopper's, not
    /// the proxy's). An IPv6 client counts by its /64, the block one subscriber gets, or a script could take a fresh
    /// address, and a fresh budget, for every request.
    /// </summary>
    internal static string ClientOf(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } address) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes) + "/64";
    }

    private static RateLimitPartition<string> PerCaller(HttpContext context, RateLimitOptions.WindowLimit limit, bool enabled)
    {
        if (!enabled) return RateLimitPartition.GetNoLimiter("off");
        var key = WebApp.Accounts.CurrentShopper.UserIdOf(context.User) is { } userId
            ? "user:" + userId
            : "address:" + ClientOf(context);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(limit));
    }

    /// <summary>A fixed window of the limit's permits, with no queue: past it, a 429 at once.</summary>
    internal static FixedWindowRateLimiterOptions Window(RateLimitOptions.WindowLimit limit) => new()
    {
        PermitLimit = limit.PermitLimit,
        Window = limit.Window,
        QueueLimit = 0,
    };

    internal static RateLimitPartition<string> PerAddress(HttpContext context, RateLimitOptions.WindowLimit limit, bool enabled)
    {
        if (!enabled) return RateLimitPartition.GetNoLimiter("off");
        var address = ClientOf(context);
        return RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(limit));
    }
}
