using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace WebApp.Pages;

/// <summary>
/// Whole numbers on pages bind as written in decimal only. The framework reads them through their type converters,
/// which also take hexadecimal: a cart quantity of <c>0x10</c> became 16 and <c>&amp;h07</c> 7, and a review of
/// <c>0x5</c> five stars (an outside review, session 48), where the JSON API refused them. Anything
/// <see cref="NumberStyles.Integer"/> does not read (a sign, digits, spaces around) gets the field's own "Enter a whole
/// number" message (<see cref="BindingMessages"/>); decimal numbers bind as before.
/// </summary>
public sealed class WholeNumbersOnly : IModelBinderProvider
{
    private static readonly HashSet<Type> s_whole = [typeof(int), typeof(long), typeof(short), typeof(byte), typeof(sbyte), typeof(uint), typeof(ulong), typeof(ushort)];

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (!s_whole.Contains(type) || context.BindingInfo.BindingSource == BindingSource.Body) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new Binder(new SimpleTypeModelBinder(context.Metadata.ModelType, loggers));
    }

    private sealed class Binder(IModelBinder converted) : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext context)
        {
            var value = context.ValueProvider.GetValue(context.ModelName);
            if (value != ValueProviderResult.None && value.FirstValue is { } first && !string.IsNullOrWhiteSpace(first)
                && !decimal.TryParse(first, NumberStyles.Integer, value.Culture, out _))
            {
                return EnumNamesOnly.Refuse(context, value, first);
            }
            // One field, one number: the framework took the first of "Input.Stars=5&Input.Stars=1" without a word (an outside
            // review, session 51); no form of the store sends a number twice (a list binds each of its values alone).
            if (value.Length > 1) return EnumNamesOnly.Refuse(context, value, value.ToString());
            return converted.BindModelAsync(context);
        }
    }
}
