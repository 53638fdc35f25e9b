using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace WebApp.Pages;

/// <summary>
/// A form field's name as its label says it ("Address line 1" for <c>Input.AddressLine1</c>), read from the page
/// model's properties: for a message a refused form lists at its top that does not say which field it is about.
/// </summary>
public static class FieldNames
{
    /// <returns>The display name, or null for a key that is not a plain property path of the page's model.</returns>
    public static string? Of(ViewContext context, IModelMetadataProvider metadata, string key)
    {
        if (context.ActionDescriptor is not CompiledPageActionDescriptor page || key.Length == 0) return null;
        var type = page.HandlerTypeInfo.AsType();
        ModelMetadata? found = null;
        foreach (var part in key.Split('.'))
        {
            found = metadata.GetMetadataForProperties(type).FirstOrDefault(p => p.PropertyName == part);
            if (found is null) return null;
            type = found.ModelType;
        }
        return found?.GetDisplayName();
    }
}
