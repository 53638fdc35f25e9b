namespace WebApp.Reviews;

/// <summary>
/// What a customer typed, as it is kept: trimmed, Windows line ends made plain, other control characters (a tab, a
/// form feed) a space: dropped, "a\tb" became "ab" (a second outside review, session 44).
/// </summary>
public static class ReviewText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return string.Concat(normalized.Select(c => c != '\n' && char.IsControl(c) ? ' ' : c)).Trim();
    }
}
