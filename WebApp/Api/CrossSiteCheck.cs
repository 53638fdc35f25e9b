using Microsoft.AspNetCore.Antiforgery;
using WebApp.Security;

namespace WebApp.Api;

/// <summary>
/// Cross-site request forgery on API writes. A browser sends the site's cookies (sign-in, anonymous cart) with any
/// request, also one a hostile page makes; it never adds a bearer token on its own. So a write that relies on cookies
/// must prove it comes from the store's own pages: an <c>Origin</c> equal to the store's, or
/// <c>Sec-Fetch-Site: same-origin</c>, or the antiforgery token in the <c>RequestVerificationToken</c> header (from
/// <c>GET /api/v1/antiforgery</c>, for clients that send neither header). A request that says it comes from another
/// site is refused whatever else it carries. Bearer calls, calls with no cookie at all, and the token endpoints (they
/// set no cookie and answer with tokens a cross-site page cannot read) have nothing to forge.
/// </summary>
public sealed class CrossSiteCheck(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || ApiCaller.IsBearer(http) || request.Headers.Cookie.Count == 0 || AuthApi.IsTokenEndpoint(request.Path))
        {
            return await next(context);
        }

        var origin = request.Headers.Origin.ToString();
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        var own = $"{request.Scheme}://{request.Host.Value}";
        var foreign = (origin.Length > 0 && !string.Equals(origin, own, StringComparison.OrdinalIgnoreCase))
            || (fetchSite.Length > 0 && fetchSite != "same-origin");
        var sameOrigin = !foreign && (origin.Length > 0 || fetchSite.Length > 0);
        if (sameOrigin || (!foreign && await antiforgery.IsRequestValidAsync(http))) return await next(context);

        SecurityEvents.Log(http, SecurityEvents.AntiforgeryFailed);
        return ApiProblems.Problem(StatusCodes.Status403Forbidden,
            "A write with the site's cookies must come from the store's own pages (same origin) or carry the RequestVerificationToken header; apps use a bearer token instead.",
            "Cross-site request refused");
    }
}
