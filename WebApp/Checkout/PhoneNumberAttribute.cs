using System.ComponentModel.DataAnnotations;
using System.Text;

namespace WebApp.Checkout;

/// <summary>
/// A phone number for the courier: an optional leading +, then groups of digits with a space, dash or dot between them
/// and brackets around a group; 6 to 15 digits (E.164's longest) in at most 24 characters. It is kept as
/// <see cref="Normalize"/> writes it: no-break spaces and Unicode dashes, as text copied from a web page has them, and
/// digits of any script are taken. Each refusal names the rule broken: "555" was told to use "digits, spaces and
/// dashes", which it did, "555.010.0100" was refused, and "555)0100(12" passed (session 50's reviews). Empty is left
/// to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PhoneNumberAttribute : ValidationAttribute
{
    public const int MinDigits = 6;
    public const int MaxDigits = 15;
    public const int MaxLength = 24;
    private const string Example = "e.g. +1 555 0100";

    /// <summary>The number as it is kept: trimmed, spaces of every width as a space, dashes as '-', digits as 0-9.</summary>
    public static string Normalize(string text)
    {
        var kept = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            kept.Append(c switch
            {
                _ when char.IsDigit(c) => (char)('0' + (int)char.GetNumericValue(c)),
                _ when char.IsWhiteSpace(c) => ' ',
                >= '\u2010' and <= '\u2015' or '\u2212' or '\uFE63' or '\uFF0D' => '-',
                '\uFF0B' => '+',
                '\uFF08' => '(',
                '\uFF09' => ')',
                '\uFF0E' => '.',
                _ => c,
            });
        }
        return kept.ToString().Trim();
    }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text)) return ValidationResult.Success;
        var problem = Problem(Normalize(text));
        return problem is null ? ValidationResult.Success
            : new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null);
    }

    private static string? Problem(string number)
    {
        if (!number.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')' or '+'))
        {
            return $"Use digits, with spaces, dashes, dots or brackets between them if you like, {Example}.";
        }
        if (number.LastIndexOf('+') > 0) return $"A + goes only at the start, before the country code, {Example}.";
        var rest = number.TrimStart('+').TrimStart();
        if (rest.Length == 0 || !(char.IsAsciiDigit(rest[0]) || rest[0] == '(') || !(char.IsAsciiDigit(rest[^1]) || rest[^1] == ')'))
        {
            return $"Start and end the number with digits, {Example}.";
        }
        var open = false;
        var inside = 0;
        foreach (var c in rest)
        {
            if (c == '(' && open || c == ')' && (!open || inside == 0)) return $"Brackets go in pairs around digits, e.g. +1 (555) 010 0100.";
            if (c == '(') (open, inside) = (true, 0);
            else if (c == ')') open = false;
            else if (open && char.IsAsciiDigit(c)) inside++;
        }
        if (open) return "Brackets go in pairs around digits, e.g. +1 (555) 010 0100.";
        for (var i = 1; i < rest.Length; i++)
        {
            if (rest[i] is '-' or '.' && rest[..i].TrimEnd() is { Length: > 0 } before && before[^1] is '-' or '.')
            {
                return $"Put one space, dash or dot between groups of digits, {Example}.";
            }
        }
        var digits = rest.Count(char.IsAsciiDigit);
        if (digits < MinDigits) return $"This number has {digits} digit{(digits == 1 ? "" : "s")}: a phone number has at least {MinDigits}, {Example}.";
        if (digits > MaxDigits) return $"This number has {digits} digits: a phone number has at most {MaxDigits}.";
        return number.Length > MaxLength ? $"Keep the phone number to {MaxLength} characters: fewer spaces will do." : null;
    }
}
