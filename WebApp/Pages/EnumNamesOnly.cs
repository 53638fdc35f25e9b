using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace WebApp.Pages;

/// <summary>
/// Enums on pages bind by name only. Every list offers names (<c>status=Paid</c>), but the framework also reads a
/// number as the value with that position, so <c>status=1</c> on the admin's orders filtered by Paid without a word
/// (an outside review, session 45), and <c>status=Paid,Shipped</c> by Delivered (the names combined as flags; session
/// 46). A number or a list is refused with the field's own "Choose ... from the list." message
/// (<see cref="BindingMessages"/>); names, in any letter case, bind as before.
/// </summary>
public sealed class EnumNamesOnly : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (!type.IsEnum || context.BindingInfo.BindingSource == BindingSource.Body) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new Binder(new EnumTypeModelBinder(suppressBindingUndefinedValueToEnumType: true, type, loggers));
    }

    private sealed class Binder(IModelBinder names) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var value = context.ValueProvider.GetValue(context.ModelName);
            // A number, or a comma list (the framework combines "Paid,Shipped" as flags: Delivered).
            if (value != ValueProviderResult.None && value.FirstValue is { } first
                && (long.TryParse(first.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) || first.Contains(',', StringComparison.Ordinal)))
            {
                return Refuse(context, value, first);
            }
            return names.BindModelAsync(context);
        }
    }

    /// <summary>Binding fails with the field's own message for what cannot be read as its type (<see cref="BindingMessages"/>).</summary>
    internal static Task Refuse(ModelBindingContext context, ValueProviderResult value, string attempted)
    {
        context.ModelState.SetModelValue(context.ModelName, value);
        context.ModelState.TryAddModelError(context.ModelName,
            context.ModelMetadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(attempted, context.ModelMetadata.DisplayName ?? context.ModelMetadata.Name ?? context.ModelName));
        context.Result = ModelBindingResult.Failed();
        return Task.CompletedTask;
    }
}
