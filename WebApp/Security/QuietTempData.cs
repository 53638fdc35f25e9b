using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace WebApp.Security;

/// <summary>
/// The framework's cookie TempData, less one header: the layout reads TempData on every page for a flash message, and
/// with nothing in it the framework answered every such response with a <c>Set-Cookie</c> deleting a cookie the
/// visitor did not have (an outside review, session 33: every signed-in page carried <c>.WebApp.TempData=; expires=1970</c>).
/// The cookie is deleted only when the request brought one.
/// </summary>
public sealed class QuietTempData(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        // A chunked cookie keeps its first chunk under the cookie's own name, so that name alone says whether there is one.
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!)) return;
        cookies.SaveTempData(context, values);
    }
}
