using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;

namespace WebApp.Checkout;

/// <summary>
/// A name or address line is printed on labels and written into mail: no control characters (C0 and C1, so no NUL,
/// line break or bell smuggled into a header or a label) and no bidirectional overrides or isolates (U+202A to U+202E,
/// U+2066 to U+2069), which make a text display in another order than it is stored. Empty is left to [Required].
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public PlainTextAttribute() : base("Use letters, digits, spaces and punctuation only (no control or text-direction characters).")
    {
    }

    /// <summary>
    /// Only text-direction characters refused: a review's control characters are dropped as it is kept (ReviewText), so
    /// a pasted tab or line break is no reason to refuse it.
    /// </summary>
    public bool ControlsDropped { get; init; }

    /// <summary>
    /// The direction marks (LRM, RLM, ALM) allowed, as in names and addresses written in Hebrew or Arabic, where text
    /// copied from elsewhere carries them ("רחוב הרצל 12‏" was refused; a second outside review, session 48). They reorder
    /// nothing on their own; overrides, embeddings and isolates are still refused.
    /// </summary>
    public bool DirectionMarksAllowed { get; init; }

    public override bool IsValid(object? value) =>
        value is not string text || !text.Any(c => ControlsDropped ? IsOverride(c) : DirectionMarksAllowed ? IsRefused(c) && !IsMark(c) : IsRefused(c));

    private static bool IsMark(char c) => c is '\u200E' or '\u200F' or '\u061C';

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (!IsValid(value)) return new ValidationResult(ErrorMessageString, validationContext.MemberName is { } member ? [member] : null);
        // Text of invisible characters only passed as a name, a street and a review: a packing slip read "Ship to
        // [blank] [blank] [blank]" (an outside review, session 48). Spaces alone are left to [Required], as empty is.
        return value is string text && !string.IsNullOrWhiteSpace(text) && !ShowsAnything(text)
            ? new ValidationResult("This shows nothing when printed: type it in letters or digits.", validationContext.MemberName is { } name ? [name] : null)
            : ValidationResult.Success;
    }

    /// <summary>
    /// Whether a text has a character that prints: a letter, digit, punctuation mark or symbol. Not spaces, format
    /// characters (zero-width space, word joiner, tags), marks with nothing to sit on, private-use or unassigned code
    /// points, nor the letters and symbols drawn blank (Hangul fillers, the blank Braille pattern).
    /// </summary>
    public static bool ShowsAnything(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800) continue;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
                    or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
                    or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                    or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                    or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
                    or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
                    or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.OtherPunctuation or UnicodeCategory.MathSymbol
                    or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                    or UnicodeCategory.OtherSymbol:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Overrides, embeddings and isolates, which make a text display in another order than it is stored. A review keeps
    /// the direction marks (LRM, RLM, ALM), which right-to-left writing uses and which reorder nothing on their own.
    /// </summary>
    public static bool IsOverride(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// Overrides, embeddings and isolates, and the invisible direction marks (LRM, RLM, ALM), which an outside review got
    /// past the rule into a tracking number (session 45).
    /// </summary>
    public static bool IsDirection(char c) => IsOverride(c) || c is '\u200E' or '\u200F' or '\u061C';

    /// <summary>Control characters, and the line and paragraph separators (U+2028, U+2029), which break a line too.</summary>
    public static bool IsRefused(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' || IsDirection(c);
}
