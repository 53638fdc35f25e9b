using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Catalog;

namespace WebApp.Pages.BackInStock;

/// <summary>
/// The back-in-stock mail's "stop" link, for whoever got the mail, signed in or not: opening it only asks (mail scanners
/// open links), the button removes the request. A used or unknown link says so.
/// </summary>
public sealed class StopModel(BackInStockMails backInStock) : PageModel
{
    /// <summary>The product the link's request waits for; null for a used or unknown link.</summary>
    public string? ProductName { get; private set; }

    public bool Stopped { get; private set; }

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        // The token is the whole permission: no shared cache, no Referer carrying it to another site.
        Response.Headers.CacheControl = "no-store";
        ProductName = await backInStock.ProductOfStopLinkAsync(token, ct);
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        ProductName = await backInStock.ProductOfStopLinkAsync(token, ct);
        Stopped = await backInStock.StopAsync(token, ct);
        return Page();
    }

    /// <summary>
    /// RFC 8058's one-click POST from the mail client's own "Unsubscribe": it carries no antiforgery token and no
    /// cookies, so it is an endpoint of its own rather than this page's form. The link's 128 random bits are what a
    /// forger would have to know.
    /// </summary>
    public static IEndpointRouteBuilder MapOneClickStop(IEndpointRouteBuilder app)
    {
        app.MapPost("/back-in-stock/stop/{token}/one-click", async (string token, BackInStockMails backInStock, CancellationToken ct) =>
            await backInStock.StopAsync(token, ct)
                ? Results.Text("Stopped: we will not email you about this request.")
                : Results.Text("This link was used already, or is not one of ours. Nothing was changed.", statusCode: StatusCodes.Status404NotFound))
            .DisableAntiforgery();
        return app;
    }
}
