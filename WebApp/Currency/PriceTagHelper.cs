using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace WebApp.Currency;

/// <summary>
/// <c>&lt;price cents="..." /&gt;</c>: every storefront price outside the listings' tiles, as <see cref="Price"/>
/// writes it. Checkout and orders do not use it: they show only what is charged.
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
        output.Content.SetHtmlContent(Price.Html(Cents, choice.For(ViewContext.HttpContext), Detailed));
    }
}
