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

    public override bool IsValid(object? value) => value is null || (value is string text && IsMailbox(text));

    public static bool IsMailbox(string text)
    {
        if (text.Length is 0 or > MaxLength || text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
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
