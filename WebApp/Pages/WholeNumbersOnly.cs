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

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        RefusingBinder.For(context, s_whole.Contains, value =>
            // One field, one number: the framework took the first of "Input.Stars=5&Input.Stars=1" without a word (an
            // outside review, session 51); no form of the store sends a number twice (a list binds each value alone).
            value.Length > 1 || !decimal.TryParse(value.FirstValue, NumberStyles.Integer, value.Culture, out _));
}

/// <summary>
/// The framework's simple binder behind a stricter reading of what was sent: a value <c>refused</c> says no to gets the
/// field's own message (<see cref="BindingMessages"/>) and is not bound; an empty one is left to the framework (null).
/// </summary>
internal sealed class RefusingBinder(IModelBinder converted, Func<ValueProviderResult, bool> refused) : IModelBinder
{
    /// <summary>A binder for the page-bound (not body) properties whose type <paramref name="takes"/>, else null.</summary>
    public static IModelBinder? For(ModelBinderProviderContext context, Func<Type, bool> takes, Func<ValueProviderResult, bool> refused)
    {
        var type = Nullable.GetUnderlyingType(context.Metadata.ModelType) ?? context.Metadata.ModelType;
        if (!takes(type) || context.BindingInfo.BindingSource == BindingSource.Body) return null;
        return new RefusingBinder(new SimpleTypeModelBinder(context.Metadata.ModelType, context.Services.GetRequiredService<ILoggerFactory>()), refused);
    }

    public Task BindModelAsync(ModelBindingContext context)
    {
        var value = context.ValueProvider.GetValue(context.ModelName);
        if (value != ValueProviderResult.None && !string.IsNullOrWhiteSpace(value.FirstValue) && refused(value))
        {
            return EnumNamesOnly.Refuse(context, value, value.ToString());
        }
        return converted.BindModelAsync(context);
    }
}
