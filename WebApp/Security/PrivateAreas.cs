using Microsoft.AspNetCore.Mvc.ApplicationModels;
using WebApp.Accounts;

namespace WebApp.Security;

/// <summary>
/// The one list of what needs signing in (and which role) and what is never cached: the folder rules and the
/// <c>no-store</c> header both read it, so a new private area cannot get one and miss the other.
/// </summary>
public static class PrivateAreas
{
    public sealed record Area(string Folder, string Path, string? Role);

    public static readonly IReadOnlyList<Area> SignInRequired =
    [
        new("/Admin", "/admin", Roles.Admin),
        new("/Account/Manage", "/account/manage", null),
        new("/Orders", "/orders", null),
        new("/Reviews", "/reviews", null),
    ];

    /// <summary>
    /// Pages opened by a secret link (a guest's order): besides no-store, their address is never sent on as a
    /// referrer, not even to the store's own pages, so the token in it is not copied into any log.
    /// </summary>
    public static readonly IReadOnlyList<string> SecretLinkPaths = ["/guest"];

    /// <summary>Personal data or forms with secrets: never kept by a browser or a proxy. Checkout is open to guests but never stored.</summary>
    public static readonly IReadOnlyList<string> NoStorePaths = [.. SignInRequired.Select(a => a.Path), "/account", "/cart", "/checkout", .. SecretLinkPaths];

    public static bool IsSecretLink(PathString path) => SecretLinkPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A page whose address carries a secret link to go back to: the guest order's "Sign in to add it to your account"
    /// opens the sign-in page with the order's link, token and all, as its returnUrl, and that page's requests sent it
    /// on as their referrer (an outside review, session 48).
    /// </summary>
    public static bool LeadsToSecretLink(HttpRequest request) =>
        request.Query.TryGetValue("returnUrl", out var back) && back.Any(url => url is not null && url.StartsWith('/') && IsSecretLink(new PathString(url.Split('?')[0])));

    public static bool IsNoStore(PathString path) => NoStorePaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>One folder rule per area, not an attribute per page.</summary>
    public static void Apply(PageConventionCollection conventions)
    {
        foreach (var area in SignInRequired)
        {
            if (area.Role is { } role) conventions.AuthorizeFolder(area.Folder, role);
            else conventions.AuthorizeFolder(area.Folder);
        }
    }

    public static IServiceCollection AddRolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Roles.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }
}
