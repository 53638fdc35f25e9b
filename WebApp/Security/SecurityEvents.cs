namespace WebApp.Security;

/// <summary>
/// Failed security checks, logged with an event id so they can be found and alerted on: path, user id when signed in,
/// client address. Never a token, cookie or request body.
/// </summary>
public static class SecurityEvents
{
    public static readonly EventId Forbidden = new(2001, "AccessForbidden");
    public static readonly EventId AntiforgeryFailed = new(2002, "AntiforgeryValidationFailed");
    public static readonly EventId RateLimited = new(2003, "RateLimited");

    public static void Log(ILogger logger, EventId eventId, HttpContext context) =>
        logger.LogWarning(eventId, "{SecurityEvent} on {Method} {Path} for user {UserId} from {ClientAddress}",
            eventId.Name, context.Request.Method, context.Request.Path.Value,
            WebApp.Accounts.CurrentShopper.UserIdOf(context.User) ?? "(anonymous)", context.Connection.RemoteIpAddress?.ToString() ?? "(unknown)");

    public static void Log(HttpContext context, EventId eventId) =>
        Log(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("WebApp.Security"), eventId, context);
}
