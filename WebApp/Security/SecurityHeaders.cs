namespace WebApp.Security;

/// <summary>
/// Headers every response carries, error pages and static files included: they are added when the response starts,
/// whatever produced it. Scripts only from the site itself (no inline script anywhere), never framed.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>
    /// The API reference (<c>/api/docs</c>) only: Scalar starts itself with an inline script and inline styles. The page
    /// holds no personal data and no form, and everything else keeps the strict policy.
    /// </summary>
    public const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Read from the address asked for, before an error page's re-execution changes the path to /error/404: a guest
        // order's 404 for a wrong token sent strict-origin-when-cross-origin, its page's requests carrying the token as
        // their referrer (an outside review, session 50).
        var docs = context.Request.Path.StartsWithSegments(WebApp.Api.ApiServices.DocsPath, StringComparison.OrdinalIgnoreCase);
        var secret = PrivateAreas.IsSecretLink(context.Request.Path) || PrivateAreas.LeadsToSecretLink(context.Request);
        var noStore = PrivateAreas.IsNoStore(context.Request.Path);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = docs ? ApiDocsPolicy : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = secret ? "no-referrer" : "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (noStore) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        await next(context);
    });
}
