using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace WebApp.Pages;

/// <summary>
/// The words a form or filter shows when a value cannot be read as its type ("from=maybe", "Input.CategoryId=abc",
/// typed into an address or posted by hand). The framework's "The value 'maybe' is not valid for Placed from." names
/// what was sent, not what to send; an outside review found it on the admin's orders and product form (session 44), and
/// pages had mended it one at a time. This says what to do, by the value's type, for every page at once; a page with
/// better words of its own (a review's stars, a checkbox) still puts them in place of these.
/// </summary>
public sealed class BindingMessages : IBindingMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        if (context.BindingMetadata.ModelBindingMessageProvider is not DefaultModelBindingMessageProvider shared) return;
        var type = Nullable.GetUnderlyingType(context.Key.ModelType) ?? context.Key.ModelType;
        var name = context.Key.Name;
        // What the accessors without a field's display name say it is ("CategoryId": "category").
        var plain = name is null ? "value" : Spaced(name.EndsWith("Id", StringComparison.Ordinal) && name.Length > 2 ? name[..^2] : name);
        Func<string, string>? say = type switch
        {
            _ when type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) => _ => "Enter a date such as 2026-12-31.",
            _ when type == typeof(bool) => _ => "Tick the box or leave it empty.",
            // An enum, or the id of a brand or category: the page offers them as a list.
            { IsEnum: true } => field => $"Choose {Article(field)} {field.ToLowerInvariant()} from the list.",
            _ when IsWhole(type) && name is not null && name.EndsWith("Id", StringComparison.Ordinal) => field => $"Choose {Article(field)} {field.ToLowerInvariant()} from the list.",
            _ when IsWhole(type) => _ => "Enter a whole number such as 10.",
            _ when type == typeof(decimal) || type == typeof(double) || type == typeof(float) => _ => "Enter a number such as 19.99.",
            _ => null,
        };
        if (say is null) return;

        // A copy: the provider given here is the one every other type shares.
        var own = new DefaultModelBindingMessageProvider(shared);
        own.SetAttemptedValueIsInvalidAccessor((_, field) => say(field));
        own.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => say(plain));
        own.SetValueIsInvalidAccessor(_ => say(plain));
        own.SetUnknownValueIsInvalidAccessor(field => say(field));
        own.SetNonPropertyUnknownValueIsInvalidAccessor(() => say(plain));
        own.SetValueMustNotBeNullAccessor(_ => say(plain));
        context.BindingMetadata.ModelBindingMessageProvider = own;
    }

    private static string Spaced(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));

    private static bool IsWhole(Type type) =>
        type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort);

    private static string Article(string word) => word.Length > 0 && "AEIOUaeiou".Contains(word[0]) ? "an" : "a";
}
