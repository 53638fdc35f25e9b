using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Currency;
using WebApp.Security;

namespace WebApp.Pages.Currency;

/// <summary>
/// The header's currency picker posts here: an offered currency is remembered and the shopper goes back where they
/// were; anything else re-renders this page with the message. A GET shows the same choice with the explanation.
/// </summary>
public sealed class IndexModel(CurrencyChoice choice, ExchangeRates rates) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public CurrencyChoice Choice => choice;

    public ExchangeRateSet? Rates => rates.Usable;

    public void OnGet() => Code = choice.For(HttpContext).Code;

    public IActionResult OnPost()
    {
        var code = Code?.Trim().ToUpperInvariant();
        if (!choice.IsOffered(code))
        {
            ModelState.AddModelError(nameof(Code), "Choose one of the listed currencies.");
            return Page();
        }
        choice.Remember(Response, code!);
        return LocalRedirect(SafeRedirect.LocalOr(Url, ReturnUrl));
    }
}
