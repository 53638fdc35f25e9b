using Microsoft.Extensions.Options;
using WebApp.Checkout;
using WebApp.Security;

namespace WebApp.Currency;

/// <summary>
/// Which currency a shopper sees prices in: remembered in a cookie (the site's cookie rules), checked against
/// <c>Rates:Currencies</c> on every read, so a stale or forged cookie just means the store's own currency.
/// </summary>
public sealed class CurrencyChoice(IOptions<RatesOptions> options, IOptions<CheckoutOptions> checkout, SiteCookies cookies, ExchangeRates rates)
{
    public const string CookiePurpose = "Currency";
    private static readonly object s_itemKey = new();
    private IReadOnlyList<string>? _offered;

    public string BaseCurrency => checkout.Value.Currency;

    public string CookieName => cookies.Name(CookiePurpose);

    /// <summary>The store's own currency first, then the configured ones that look like currency codes.</summary>
    public IReadOnlyList<string> Offered => _offered ??=
        [.. new[] { BaseCurrency }.Concat(options.Value.Currencies.Select(c => c.Trim().ToUpperInvariant()).Where(CurrencyUnits.IsCode)).Distinct(StringComparer.Ordinal)];

    public bool IsOffered(string? code) => code is not null && Offered.Contains(code, StringComparer.Ordinal);

    /// <summary>This request's currency, worked out once per request (every price on a listing asks).</summary>
    public ShopperCurrency For(HttpContext context)
    {
        if (context.Items.TryGetValue(s_itemKey, out var known) && known is ShopperCurrency shopper) return shopper;
        var chosen = context.Request.Cookies[CookieName];
        var code = IsOffered(chosen) ? chosen! : BaseCurrency;
        var set = code == BaseCurrency ? null : rates.Usable;
        shopper = new ShopperCurrency(code, BaseCurrency, code == BaseCurrency ? 1m : set?.RateFor(code), set?.Date);
        context.Items[s_itemKey] = shopper;
        return shopper;
    }

    /// <summary>Remembers an offered currency for a year; the store's own clears the cookie.</summary>
    public void Remember(HttpResponse response, string code)
    {
        if (code == BaseCurrency) response.Cookies.Delete(CookieName, cookies.Options());
        else response.Cookies.Append(CookieName, code, cookies.Options(TimeSpan.FromDays(365)));
        response.HttpContext.Items.Remove(s_itemKey);
    }
}
