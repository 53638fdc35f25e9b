using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace WebApp.Catalog;

/// <summary>
/// ASP.NET's antiforgery, except while a shared catalogue page renders: then every form (the tag helper's and the
/// listing's hand-written ones alike) gets <see cref="CatalogPageCache.TokenPlaceholder"/>, and no cookie or no-store
/// header is set, so the render can be stored. <see cref="CatalogPageFill"/> swaps in the visitor's real token.
/// Validation is never touched.
/// </summary>
public sealed class SharedRenderAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options) : IAntiforgery
{
    private AntiforgeryTokenSet Placeholder => new(CatalogPageCache.TokenPlaceholder, null, options.Value.FormFieldName, options.Value.HeaderName);

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) =>
        CatalogPageCache.IsRenderingShared(httpContext) ? Placeholder : inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) =>
        CatalogPageCache.IsRenderingShared(httpContext) ? Placeholder : inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public Task ValidateRequestAsync(HttpContext httpContext) => inner.ValidateRequestAsync(httpContext);

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);
}
