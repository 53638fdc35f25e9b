using System.Net;

namespace WebApp.Observability;

/// <summary>
/// What a request looked like when it reached the app, before forwarded headers rewrote its client address and path:
/// the TCP peer, whether it carried proxy headers, and (filled in after routing) the route it matched.
/// </summary>
public sealed class RequestArrival
{
    public required IPAddress? Peer { get; init; }

    /// <summary>It came with proxy headers (<c>X-Forwarded-For</c>, <c>X-Real-IP</c>, <c>Forwarded</c>): through a proxy, or pretending to.</summary>
    public required bool Forwarded { get; init; }

    /// <summary>It came with the header the forwarded-headers middleware writes, which only a forger would send.</summary>
    public required bool ClaimedOriginalFor { get; init; }

    public required PathString Path { get; init; }

    /// <summary>Routing has run (the first time); <see cref="Route"/> is null when nothing matched.</summary>
    public bool Routed { get; set; }

    public string? Route { get; set; }

    public static RequestArrival Record(HttpContext context)
    {
        var facts = new RequestArrival
        {
            Peer = context.Connection.RemoteIpAddress,
            Forwarded = MetricsAccess.ArrivedThroughProxy(context.Request),
            ClaimedOriginalFor = context.Request.Headers.ContainsKey("X-Original-For"),
            Path = context.Request.Path,
        };
        context.Features.Set(facts);
        return facts;
    }
}
