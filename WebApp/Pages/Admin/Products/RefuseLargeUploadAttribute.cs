using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace WebApp.Pages.Admin.Products;

/// <summary>
/// Answers an upload whose declared length is over the page's limit with 413 (shown as the store's "upload too large"
/// page) before antiforgery reads the form: reading it would hit the size limit and end in a bare 400.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RefuseLargeUploadAttribute(long maxBytes) : Attribute, IAuthorizationFilter, IOrderedFilter
{
    // After the admin fence, before the antiforgery check (order 1000).
    public int Order => 500;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.Request.ContentLength > maxBytes) context.Result = new StatusCodeResult(StatusCodes.Status413PayloadTooLarge);
    }
}
