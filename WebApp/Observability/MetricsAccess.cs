using System.Net;

namespace WebApp.Observability;

/// <summary>
/// Who may read <c>/metrics</c>: clients in <c>Metrics:AllowedNetworks</c> (loopback when unset). nginx runs on loopback
/// too, so the TCP peer alone proves nothing: a request that carries proxy headers counts as forwarded, and is allowed
/// only when the forwarded-headers middleware trusted its proxy and the client it names is in an allowed network.
/// Everyone else gets the ordinary 404, as if the address did not exist.
/// </summary>
public sealed class MetricsAccess
{
    private static readonly string[] Loopback = ["127.0.0.0/8", "::1/128"];
    private static readonly string[] ProxyHeaders = ["X-Forwarded-For", "X-Real-IP", "Forwarded"];

    private readonly IPNetwork[] _allowed;

    public MetricsAccess(IConfiguration configuration)
    {
        var networks = configuration.GetSection("Metrics:AllowedNetworks").Get<string[]>() is { Length: > 0 } configured ? configured : Loopback;
        _allowed = [.. networks.Select(Parse)];
    }

    /// <summary>A network (<c>10.0.0.0/8</c>) or one address; a typo stops the store at start with the value named.</summary>
    private static IPNetwork Parse(string value)
    {
        if (IPNetwork.TryParse(value, out var network)) return network;
        if (IPAddress.TryParse(value, out var address)) return new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        throw new InvalidOperationException($"Metrics:AllowedNetworks: \"{value}\" is neither an address nor a network such as 10.0.0.0/8.");
    }

    /// <summary>True when the proxy headers were there on arrival (see <see cref="RequestArrival"/>).</summary>
    public static bool ArrivedThroughProxy(HttpRequest request) => ProxyHeaders.Any(request.Headers.ContainsKey);

    public bool Allows(HttpContext context)
    {
        if (context.Features.Get<RequestArrival>() is not { } arrival) return false;
        IPAddress? client;
        if (!arrival.Forwarded)
        {
            client = arrival.Peer;
        }
        else if (!arrival.ClaimedOriginalFor && context.Request.Headers.ContainsKey("X-Original-For"))
        {
            // The middleware wrote X-Original-For: it trusted the proxy and took the client address from it.
            client = context.Connection.RemoteIpAddress;
        }
        else
        {
            // Forwarded by a proxy the app does not trust (or forwarded headers are off): the real client is unknown.
            return false;
        }
        if (client is null) return false;
        if (client.IsIPv4MappedToIPv6) client = client.MapToIPv4();
        return _allowed.Any(network => network.Contains(client));
    }
}
