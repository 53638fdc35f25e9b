using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace WebApp.Pages;

/// <summary>
/// Dates on pages bind as a date field sends them, 2026-12-31, and nothing else. The framework reads them with the
/// invariant culture's patterns too, month first: <c>?from=06/12/2026</c> filtered the orders from 12 June without a
/// word, and the date box, which shows only the ISO form, looked empty (an outside review, session 51). Anything else
/// gets the field's "Enter a date such as 2026-12-31." (<see cref="BindingMessages"/>).
/// </summary>
public sealed class IsoDatesOnly : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (type != typeof(DateOnly) || context.BindingInfo.BindingSource == BindingSource.Body) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new Binder(new SimpleTypeModelBinder(context.Metadata.ModelType, loggers));
    }

    private sealed class Binder(IModelBinder converted) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var value = context.ValueProvider.GetValue(context.ModelName);
            if (value != ValueProviderResult.None && value.FirstValue is { } first && !string.IsNullOrWhiteSpace(first)
                && !DateOnly.TryParseExact(first.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return EnumNamesOnly.Refuse(context, value, first);
            }
            return converted.BindModelAsync(context);
        }
    }
}
