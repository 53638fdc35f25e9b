using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WebApp.Pages;

/// <summary>
/// The one error page: re-executed for exceptions (UseExceptionHandler) and for empty 4xx/5xx responses
/// (UseStatusCodePagesWithReExecute), so a 404 and a crash look like the store, with no stack trace.
/// </summary>
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public int Code { get; private set; }
    public string RequestId { get; private set; } = "";

    // From the route only, read from the route's values rather than bound: a form field or query value named "code" on
    // the failed request (re-executed with its body and query) would otherwise pick the page shown, and reading a body
    // that never arrives waits for it. Binding also reads the form, and a form the framework cannot read (a field with
    // "%00", refused by its form reader) left the code unbound, so a 400 showed "500" (an outside review, session 44).
    public void OnGet() => Describe(RouteCode());

    // An exception in a POST handler is re-executed as a POST.
    public void OnPost() => Describe(RouteCode());

    private int? RouteCode() => RouteData.Values["code"] is string value && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;

    private void Describe(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null;
        var exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        // Opened directly with a code that is no error (/error/999): there is no such page. Nor with a server error's
        // code: anyone could otherwise make the store answer 500-599 and set off its monitoring.
        Code = exception is not null ? 500
            : code is >= 400 and <= 599 && (reExecuted || code < 500) ? code.Value
            : reExecuted ? 500 : 404;
        if (!reExecuted) Response.StatusCode = Code;
        if (exception is not null)
        {
            logger.LogError("Unhandled error on {Path}, request {RequestId}", exception.Path, RequestId);
        }
    }
}
