using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using WebApp.Accounts;

namespace WebApp.Api;

/// <summary>
/// Who calls the API: a bearer token (mobile and partner clients) when the request carries one, else the site's
/// sign-in cookie (the authentication middleware already read it), else anonymous. A token is checked against the
/// account's security stamp on every call, as the cookie is, so signing out everywhere or changing the password ends
/// tokens too. A request that presents a token which does not work is refused rather than served anonymously: a
/// client whose token expired must not quietly shop in someone's cookie cart.
/// </summary>
public static class ApiCaller
{
    private const string BearerKey = "webapp.api.bearer";

    /// <summary>True when this request was authenticated by a bearer token (which a cross-site page cannot send).</summary>
    public static bool IsBearer(HttpContext http) => http.Items.ContainsKey(BearerKey);

    /// <summary>
    /// The bearer token of the Authorization header, or null. The scheme name is case-insensitive (RFC 9110 11.1);
    /// Identity's handler reads "Bearer " only, so the handler and the sign-out both read it here.
    /// </summary>
    public static string? BearerTokenOf(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    public static IApplicationBuilder UseApiCaller(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!ApiProblems.IsApi(http) || http.Request.Headers.Authorization.Count == 0 || AuthApi.IsTokenEndpoint(http.Request.Path))
        {
            await next(http);
            return;
        }
        var result = await http.AuthenticateAsync(IdentityConstants.BearerScheme);
        var user = result.Succeeded
            ? await http.RequestServices.GetRequiredService<SignInManager<StoreUser>>().ValidateSecurityStampAsync(result.Principal)
            : null;
        if (user is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiProblems.Unauthorized("The bearer token is not valid or has expired: sign in again, or renew it at /api/v1/auth/refresh.").ExecuteAsync(http);
            return;
        }
        http.User = result.Principal!;
        http.Items[BearerKey] = true;
        await next(http);
    });
}
