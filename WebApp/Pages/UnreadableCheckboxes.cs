using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace WebApp.Pages;

/// <summary>
/// A checkbox posted with a value that is no true or false ("Input.IsActive=maybe", typed by hand): binding refuses it,
/// which is right, but the form shown again then made the checkbox tag helper convert the value as posted and throw, a
/// 500 (an outside review, session 44: the admin's product form and the sign-in's "Remember me"). Its attempted value is
/// made "false" for the render, and the page still refuses the post, saying what to do beside the box.
/// </summary>
public sealed class UnreadableCheckboxes(IModelMetadataProvider metadata) : IPageFilter
{
    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var unreadable = context.ModelState.Where(e => e.Value is { Errors.Count: > 0 } && !bool.TryParse(e.Value!.AttemptedValue, out _)).Select(e => e.Key).ToList();
        foreach (var key in unreadable)
        {
            if (TypeAt(context.HandlerInstance.GetType(), key) is not { } type || (type != typeof(bool) && type != typeof(bool?))) continue;
            var sent = context.ModelState[key]!.AttemptedValue;
            context.ModelState.SetModelValue(key, false, "false");
            context.ModelState[key]!.Errors.Clear();
            // Sent empty, it is unticked: no browser sends that, and there is nothing to say about it (a second review).
            if (string.IsNullOrEmpty(sent))
            {
                context.ModelState[key]!.ValidationState = ModelValidationState.Valid;
                continue;
            }
            // The framework's "The value 'maybe' is not valid for ..." names what was sent, not what to do.
            context.ModelState.AddModelError(key, "Tick the box or leave it empty.");
        }
    }

    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }

    // The type a model state key ("Input.IsActive") binds, through the page's properties; null for anything else.
    private Type? TypeAt(Type page, string key)
    {
        var type = page;
        foreach (var name in key.Split('.'))
        {
            if (metadata.GetMetadataForType(type).Properties[name] is not { } property) return null;
            type = property.ModelType;
        }
        return type;
    }
}
