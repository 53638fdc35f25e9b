using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using WebApp.Catalog;

namespace WebApp.Currency;

/// <summary>
/// A storefront price as HTML: the store's price as <see cref="Money"/> writes it, and, when the shopper picked another
/// currency and rates are at hand, an approximate figure beside it ("≈ €12.34") that a screen reader reads as
/// "approximately". With <c>detailed</c> it also says in words that payment is in the store's currency. The
/// <c>&lt;price&gt;</c> tag helper and the listing's tiles (<see cref="ProductTiles"/>) both write it.
/// </summary>
public static class Price
{
    /// <summary>The price as content written when the page is, by the page's encoder.</summary>
    public static IHtmlContent Html(long cents, ShopperCurrency shopper, bool detailed) => new Markup(cents, shopper, detailed);

    private sealed class Markup(long cents, ShopperCurrency shopper, bool detailed) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder) => Write(writer, encoder, cents, shopper, detailed);
    }

    public static void Write(TextWriter w, HtmlEncoder e, long cents, ShopperCurrency shopper, bool detailed)
    {
        Money.Write(w, cents);
        if (shopper.IsBase || shopper.Convert(cents) is not { } converted) return;

        w.Write(" <span class=\"price-approx\" title=\"");
        e.Encode(w, $"Approximate price in {shopper.Code} at the exchange rate of {shopper.RatesDate:yyyy-MM-dd}; you pay {Money.Format(cents)} in {shopper.BaseCode}.");
        w.Write("\" data-testid=\"price-approx\"><span aria-hidden=\"true\">≈\u00A0</span><span class=\"visually-hidden\">approximately </span>");
        e.Encode(w, Money.Format(converted, shopper.Code));
        w.Write("</span>");
        if (detailed)
        {
            w.Write(" <span class=\"price-approx-note\">(approximate; you pay in ");
            e.Encode(w, shopper.BaseCode);
            w.Write(")</span>");
        }
    }
}
