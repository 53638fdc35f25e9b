using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace WebApp.Pages.Admin;

/// <summary>
/// Ties a field's error message to its input, so a screen reader announces the message with the field and says the
/// value is invalid (WCAG 1.3.1, 3.3.1): the <c>asp-validation-for</c> span gets the id <c>{input id}-error</c>, and an
/// input whose value the server refused gets <c>aria-invalid="true"</c> and that id in its <c>aria-describedby</c>.
/// Registered for every page in <c>Pages/_ViewImports.cshtml</c>; they run after the framework's tag helpers (Order), so
/// the input's id and the span's text are already there.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class FieldErrorInputTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    public override int Order => 1000;

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes.TryGetAttribute("type", out var type) && string.Equals(type.Value?.ToString(), "hidden", StringComparison.OrdinalIgnoreCase)) return;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0) return;

        output.Attributes.SetAttribute("aria-invalid", "true");
        var errorId = FieldErrorIds.For(name);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {errorId}" : errorId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
    }
}
