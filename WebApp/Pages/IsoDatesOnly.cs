using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace WebApp.Pages;

/// <summary>
/// Dates on pages bind as a date field sends them, 2026-12-31, and nothing else. The framework reads them with the
/// invariant culture's patterns too, month first: <c>?from=06/12/2026</c> filtered the orders from 12 June without a
/// word, and the date box, which shows only the ISO form, looked empty (an outside review, session 51). Anything else
/// gets the field's "Enter a date such as 2026-12-31." (<see cref="BindingMessages"/>).
/// </summary>
public sealed class IsoDatesOnly : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        RefusingBinder.For(context, type => type == typeof(DateOnly),
            value => value.Length > 1 || !DateOnly.TryParseExact(value.FirstValue!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
}
