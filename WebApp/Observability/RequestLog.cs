using System.Diagnostics;
using WebApp.Accounts;

namespace WebApp.Observability;

/// <summary>
/// One log line per request (category <c>WebApp.Requests</c>): method, route pattern, status, duration, the request id
/// the error page shows, and the signed-in user's id. Never the query string (reset and confirmation links carry
/// codes), cookies, other headers or bodies; the route pattern rather than the path, so ids do not make every line
/// unique, and the path only when no route matched.
/// </summary>
public static partial class RequestLog
{
    public const string Category = "WebApp.Requests";

    /// <summary>Outermost, so the duration covers the whole pipeline and the line is written even for a crash.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var facts = RequestArrival.Record(context);
            var failed = true;
            try
            {
                await next(context);
                failed = false;
            }
            finally
            {
                // A request its client abandoned (closed the tab, hung up mid-body) is 499, as the framework's exception
                // handler answers one, whether it then threw, was refused or finished for nobody.
                var status = context.RequestAborted.IsCancellationRequested ? StatusCodes.Status499ClientClosedRequest
                    : failed ? StatusCodes.Status500InternalServerError
                    : context.Response.StatusCode;
                Write(logger, context, facts, status, Stopwatch.GetElapsedTime(started));
            }
        });
    }

    /// <summary>
    /// Just after routing: notes the matched route's pattern, on the first pass only, because a 404 or 500 page is
    /// rendered by running the pipeline again on the error page's own route.
    /// </summary>
    public static IApplicationBuilder UseRequestLogRoute(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Features.Get<RequestArrival>() is { Routed: false } facts)
        {
            facts.Routed = true;
            if (context.GetEndpoint() is RouteEndpoint endpoint) facts.Route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
        }
        return next(context);
    });

    private static void Write(ILogger logger, HttpContext context, RequestArrival facts, int status, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information)) return;
        var route = facts.Route ?? context.Request.PathBase.Add(facts.Path).Value ?? "/";
        var requestId = Activity.Current?.Id ?? context.TraceIdentifier;
        var durationMs = Math.Round(elapsed.TotalMilliseconds, 1);
        // "(anonymous)" as the security log writes it, so one query finds a user's requests and refusals alike.
        Request(logger, context.Request.Method, route, status, durationMs, requestId, CurrentShopper.UserIdOf(context.User) ?? "(anonymous)");
    }

    [LoggerMessage(EventId = 1000, EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Route} answered {StatusCode} in {DurationMs} ms (request {RequestId}, user {UserId})")]
    private static partial void Request(ILogger logger, string method, string route, int statusCode, double durationMs, string requestId, string userId);
}
