using Microsoft.AspNetCore.HostFiltering;

namespace WebApp.Security;

/// <summary>
/// The store's public address. Outside Development <c>App:BaseUrl</c> is required (mailed links come from it, never
/// from the request), and unless <c>AllowedHosts</c> says otherwise only its host is accepted in the <c>Host</c>
/// header: any other gets 400 before a page can echo it into a redirect.
/// </summary>
public static class HostRules
{
    public const string MissingBaseUrl =
        "App:BaseUrl is required outside Development: set it to the store's public address, e.g. App__BaseUrl=https://shop.example.com. " +
        "Mailed links (confirm, reset) are built from it, and only its host is accepted unless AllowedHosts lists others.";

    public static WebApplicationBuilder AddHostRules(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["App:BaseUrl"];
        var development = builder.Environment.IsDevelopment();
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!development) throw new InvalidOperationException(MissingBaseUrl);
            return builder;
        }
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https") || baseUrl.Query.Length > 0 || baseUrl.Fragment.Length > 0)
        {
            throw new InvalidOperationException($"App:BaseUrl must be an absolute http or https address such as https://shop.example.com, not '{configured}'.");
        }
        // Behind a proxy Kestrel has no https address of its own, so HTTPS redirection would not know where to send a
        // plain-HTTP request that reached it (a proxy without X-Forwarded-Proto, a caller that is not the proxy) and
        // the page would fail on its Secure antiforgery cookie: the public address names the port.
        if (baseUrl.Scheme == Uri.UriSchemeHttps) builder.Services.AddHttpsRedirection(o => o.HttpsPort = baseUrl.Port);
        // AllowedHosts unset: only the public host (Development keeps accepting any, as the template does). Set it to
        // add names (a second domain, localhost for a local health probe) or to "*" behind a proxy that checks Host.
        if (!development && string.IsNullOrEmpty(builder.Configuration["AllowedHosts"]))
        {
            builder.Services.Configure<HostFilteringOptions>(o => o.AllowedHosts = [baseUrl.IdnHost]);
        }
        return builder;
    }
}
