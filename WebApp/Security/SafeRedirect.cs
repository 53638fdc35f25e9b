using Microsoft.AspNetCore.Mvc;

namespace WebApp.Security;

/// <summary>Where a <c>returnUrl</c> may send the browser: only within the site, and only as a header Kestrel can write.</summary>
public static class SafeRedirect
{
    public const int MaxLength = 2048;

    /// <summary>
    /// <paramref name="returnUrl"/> when it is a local path of printable ASCII no longer than <see cref="MaxLength"/>,
    /// else <paramref name="fallback"/>. Non-ASCII (<c>/／evil.example</c>) cannot go into a Location header at all,
    /// and an oversized one would be echoed back whole.
    /// </summary>
    public static string LocalOr(IUrlHelper url, string? returnUrl, string fallback = "/") =>
        returnUrl is { Length: > 0 and <= MaxLength } && returnUrl.All(c => c is > ' ' and < (char)0x7F) && url.IsLocalUrl(returnUrl)
            ? returnUrl
            : fallback;
}
