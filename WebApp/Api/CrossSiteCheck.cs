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
public sealed class CrossSiteCheck(IAntiforgery antiforgery, SiteCookies cookies) : IEndpointFilter
{
    public const string Title = "Cross-site request refused";

    /// <summary>What the OpenAPI document says on every write this filter guards, beside its 403.</summary>
    public const string Rule = "Without a bearer token, a call that carries the store's cookies (the cart cookie .WebApp.Cart, "
        + "__Host-WebApp.Cart over HTTPS, which the first cart write sets, or the sign-in cookie) must show it comes from the store: "
        + "GET /api/v1/antiforgery with the same cookies and send its token in the RequestVerificationToken header, "
        + "or send Authorization: Bearer (a token from POST /api/v1/auth/login). Otherwise it is a 403 (\"" + Title + "\"): "
        + "a cookie is sent by the browser with any page's request, so a cross-site page could write a visitor's cart.";

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
        return ApiProblems.Problem(StatusCodes.Status403Forbidden, Detail(request, foreign), Title);
    }

    // It named neither the cookie nor the header's source: an app without a token got one cart write (which set the
    // cart cookie) and a 403 on every write after, told "apps use a bearer token" (session 53's review).
    private string Detail(HttpRequest request, bool foreign)
    {
        if (foreign) return "This request says it comes from another site, so a write with the store's cookies is refused whatever it carries. Call with a bearer token (Authorization: Bearer, from POST /api/v1/auth/login) and no cookies.";
        var sent = new[] { cookies.Name("Cart"), cookies.Name("Auth") }.Where(request.Cookies.ContainsKey).ToList();
        return CookieDetail(sent.Count == 0 ? "the store's cookies" : "the cookie " + string.Join(" and ", sent));
    }

    /// <summary>The 403's detail for a write that carries <paramref name="which"/> cookies and no proof.</summary>
    public static string CookieDetail(string which) =>
        $"This write carries {which} and no bearer token, so it must show it comes from the store (a cross-site page could send the same cookie). "
        + "Either send Authorization: Bearer with a token from POST /api/v1/auth/login, "
        + "or GET /api/v1/antiforgery with the same cookies and send its token in the RequestVerificationToken header.";
}
