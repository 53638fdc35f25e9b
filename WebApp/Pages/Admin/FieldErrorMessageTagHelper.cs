using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace WebApp.Pages.Admin;

[HtmlTargetElement("span", Attributes = ForAttribute)]
[HtmlTargetElement("div", Attributes = ForAttribute)]
public sealed class FieldErrorMessageTagHelper : TagHelper
{
    private const string ForAttribute = "asp-validation-for";

    public override int Order => 1000;

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", FieldErrorIds.For(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name)));
        }
    }
}
