using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;

namespace WebApp.Pages.Cart;

/// <summary>
/// A cart form the script sends with a token antiforgery refuses. Most often that is a page opened before the browser
/// dropped its antiforgery cookie (a restart that restored the tab), so the page's token matches no cookie. It is
/// refused as before: a 400, nothing changed, and the global filter has already logged the security event. But the
/// answer is the JSON the script reads, so the shopper sees why in the page's message.
/// <para>
/// Without this, the script could not read the error page. It fell back to posting the form plainly, which led to the
/// store's bare "Bad request" page and away from the listing. Posts without script still get that 400 page: a refused
/// post answers with no redirect.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExpiredFormAnswerAttribute : Attribute, IAlwaysRunResultFilter
{
    public const string Message = "This page has expired, so your cart was not changed. Reload the page and try again.";

    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is IAntiforgeryValidationFailedResult && IndexModel.WantsJson(context.HttpContext.Request))
        {
            context.Result = IndexModel.NotChanged(Message, count: null);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
