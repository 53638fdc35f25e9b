namespace WebApp.Security;

/// <summary>
/// The one rule for every cookie the site sets (sign-in, two-factor step, cart, antiforgery, TempData). Served over
/// HTTPS (everywhere but Development) each is Secure and <c>__Host-</c> prefixed, which a subdomain or a plain-HTTP
/// page cannot set or overwrite. <c>Auth:SecureCookies=false</c> is only for plain-HTTP test hosts.
/// </summary>
public sealed class SiteCookies(bool secure)
{
    public bool Secure { get; } = secure;

    public string Name(string purpose) => Secure ? $"__Host-WebApp.{purpose}" : $".WebApp.{purpose}";

    public void Apply(CookieBuilder cookie, string purpose)
    {
        cookie.Name = Name(purpose);
        cookie.SecurePolicy = Secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        cookie.HttpOnly = true;
        cookie.Path = "/";   // __Host- requires Path=/ and no Domain
        cookie.Domain = null;
    }

    /// <summary>Options for a cookie written by hand (the cart's).</summary>
    public CookieOptions Options(TimeSpan? maxAge = null) => new()
    {
        HttpOnly = true,
        Secure = Secure,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
        MaxAge = maxAge,
    };
}
