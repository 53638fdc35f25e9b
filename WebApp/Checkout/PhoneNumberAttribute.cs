using System.ComponentModel.DataAnnotations;

namespace WebApp.Checkout;

/// <summary>
/// A phone number for the courier: an optional leading +, then digits, with spaces, dashes, dots or brackets between
/// them; 6 to 15 digits (E.164's longest) in at most 24 characters. Each refusal names the rule broken: "555" was told
/// to use "digits, spaces and dashes", which it did, and "555.010.0100", written with dots as many write it, was
/// refused (an outside review, session 50). Empty is left to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PhoneNumberAttribute : ValidationAttribute
{
    public const int MinDigits = 6;
    public const int MaxDigits = 15;
    public const int MaxLength = 24;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text || string.IsNullOrWhiteSpace(text)) return ValidationResult.Success;
        var number = text.Trim();
        var rest = number.StartsWith('+') ? number[1..] : number;
        var digits = rest.Count(char.IsAsciiDigit);
        string? problem =
            !rest.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '.' or '(' or ')')
                ? "Use digits, with spaces, dashes, dots or brackets between them if you like, e.g. +1 555 0100."
            : digits < MinDigits ? $"This number has {digits} digit{(digits == 1 ? "" : "s")}: a phone number has at least {MinDigits}, e.g. +1 555 0100."
            : digits > MaxDigits ? $"This number has {digits} digits: a phone number has at most {MaxDigits}."
            : number.Length > MaxLength ? $"Keep the phone number under {MaxLength + 1} characters."
            : null;
        return problem is null ? ValidationResult.Success
            : new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null);
    }
}
