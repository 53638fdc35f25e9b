using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace WebApp.Mail;

/// <summary>
/// An address mail can actually be sent to. <c>[EmailAddress]</c> only looks for an '@', so <c>.a@example.com</c> or
/// <c>a@example..com</c> passed the form and then failed in the mail library; this applies the rules a mail server
/// does (and MimeKit's own parser), so every address the store accepts is one it can write to.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class MailboxAttribute : ValidationAttribute
{
    /// <summary>The longest address a mail server accepts (RFC 5321's path limit less its brackets).</summary>
    public const int MaxLength = 254;

    public MailboxAttribute() : base("Enter a valid email address.")
    {
    }

    /// <summary>What the form says of an address that hides or disguises characters.</summary>
    public const string Disguised = "An email address cannot hold invisible characters, or letters of two alphabets that look alike (such as Latin and Cyrillic).";

    public override bool IsValid(object? value) => value is null || (value is string text && IsMailbox(text));

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (IsValid(value)) return ValidationResult.Success;
        string[]? members = validationContext.MemberName is { } member ? [member] : null;
        return new ValidationResult(value is string text && HidesOrDisguises(text) ? Disguised : FormatErrorMessage(validationContext.DisplayName), members);
    }

    /// <summary>
    /// Zero-width and text-direction characters, full-width letters, or Latin, Greek and Cyrillic letters mixed in one
    /// part: "owner\u200b@example.com" and "c\u0430se@" (Cyrillic a) registered, and the admin's user list showed two
    /// rows reading "owner@example.com", each with "Grant Admin" (an outside review, session 52).
    /// </summary>
    public static bool HidesOrDisguises(string text)
    {
        foreach (var c in text)
        {
            if (char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.PrivateUse
                || c is >= '\uFF00' and <= '\uFFEF') return true;
        }
        var at = text.LastIndexOf('@');
        return at < 0 ? MixesAlphabets(text) : MixesAlphabets(text[..at]) || MixesAlphabets(text[(at + 1)..]);
    }

    private static bool MixesAlphabets(string part)
    {
        var seen = 0;
        foreach (var c in part)
        {
            if (!char.IsLetter(c)) continue;
            seen |= c switch
            {
                <= '\u024F' or (>= '\u1E00' and <= '\u1EFF') => 1,
                (>= '\u0370' and <= '\u03FF') or (>= '\u1F00' and <= '\u1FFF') => 2,
                >= '\u0400' and <= '\u052F' => 4,
                _ => 0,
            };
        }
        return seen is not (0 or 1 or 2 or 4);
    }

    public static bool IsMailbox(string text)
    {
        if (HidesOrDisguises(text) || text.Length is 0 or > MaxLength || text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1) return false;
        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal) || local.Contains('"', StringComparison.Ordinal)) return false;
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsLetterOrDigit(c) || c == '-'))) return false;
        return MailboxAddress.TryParse(ParserOptions.Default, text, out var parsed) && parsed.Address == text;
    }
}
