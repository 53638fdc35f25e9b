using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace WebApp.Catalog;

/// <summary>
/// The antiforgery request token a shared catalogue page is filled with, for an anonymous visitor. Making one reads
/// the visitor's cookie token and signs a new request token (<see cref="WebApp.Security.AntiforgerySigning"/>; two
/// data-protection operations, most of what a cached page cost, before tokens were signed), plus antiforgery's own
/// parsing and checks; a request token stays valid for as long as its cookie does, and every one made for the
/// same anonymous cookie carries the same content, so the one made for a cookie is remembered and used again.
/// <para>
/// Remembered only under the cookie value it was made for, and only after antiforgery accepted that cookie on its way
/// back, so a forged or stale cookie always goes through antiforgery and gets a new one. Only anonymous shared pages
/// come here (<see cref="CatalogPageFill"/>); signed-in shoppers' tokens carry their identity and are never
/// remembered. Whoever presents the cookie could fetch a page with that token on it anyway, so this hands out nothing new.
/// </para>
/// </summary>
public sealed class VisitorTokens(IAntiforgery antiforgery, IOptions<AntiforgeryOptions> options) : IDisposable
{
    // A bound on memory (an entry is well under 1 KB) and on how long a token is reused without antiforgery's look.
    private const int MostVisitors = 5_000;
    private static readonly TimeSpan s_remembered = TimeSpan.FromMinutes(20);

    private readonly MemoryCache _tokens = new(new MemoryCacheOptions { SizeLimit = MostVisitors, CompactionPercentage = 0.25 });

    public string RequestToken(HttpContext context)
    {
        var cookieName = options.Value.Cookie.Name!;
        if (context.Request.Cookies[cookieName] is { Length: > 0 } cookie && _tokens.Get(cookie) is string remembered)
        {
            // What antiforgery itself does to a response carrying a token: no shared cache may keep it.
            context.Response.Headers.CacheControl = "no-cache, no-store";
            context.Response.Headers.Pragma = "no-cache";
            return remembered;
        }

        var tokens = antiforgery.GetAndStoreTokens(context);
        // A new cookie (none yet, or the old one refused) comes back in the set and is not remembered: most first
        // visits are also last ones (crawlers, scripts, one-page visitors). A cookie sent back and accepted is.
        var acceptedCookie = tokens.CookieToken is null ? context.Request.Cookies[cookieName] : null;
        if (tokens.RequestToken is { } token && acceptedCookie is { Length: > 0 })
        {
            _tokens.Set(acceptedCookie, token, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = s_remembered });
        }
        return tokens.RequestToken ?? "";
    }

    public void Dispose() => _tokens.Dispose();
}
