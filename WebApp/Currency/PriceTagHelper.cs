using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using WebApp.Catalog;

namespace WebApp.Currency;

/// <summary>
/// <c>&lt;price cents="..." /&gt;</c>: every storefront price. The store's price as <see cref="Money"/> writes it, and,
/// when the shopper picked another currency and rates are at hand, an approximate figure beside it ("≈ €12.34") that
/// a screen reader reads as "approximately". With <c>detailed</c> it also says in words that payment is in the store's
/// currency. Checkout and orders do not use it: they show only what is charged.
/// </summary>
[HtmlTargetElement("price", Attributes = "cents", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PriceTagHelper(CurrencyChoice choice) : TagHelper
{
    public long Cents { get; set; }

    public bool Detailed { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.TagName = null;
        output.Content.SetContent(Money.Format(Cents));
        var shopper = choice.For(ViewContext.HttpContext);
        if (shopper.Convert(Cents) is not { } converted || shopper.IsBase) return;

        var approx = HtmlEncoder.Default.Encode(Money.Format(converted, shopper.Code));
        var why = HtmlEncoder.Default.Encode($"Approximate price in {shopper.Code} at the exchange rate of {shopper.RatesDate:yyyy-MM-dd}; you pay {Money.Format(Cents)} in {shopper.BaseCode}.");
        output.Content.AppendHtml($" <span class=\"price-approx\" title=\"{why}\" data-testid=\"price-approx\"><span aria-hidden=\"true\">≈\u00A0</span><span class=\"visually-hidden\">approximately </span>{approx}</span>");
        if (Detailed)
        {
            output.Content.AppendHtml($" <span class=\"price-approx-note\">(approximate; you pay in {HtmlEncoder.Default.Encode(shopper.BaseCode)})</span>");
        }
    }
}
