namespace WebApp.Reviews;

/// <summary>What a customer typed, as it is kept: trimmed, Windows line ends made plain, control characters dropped.</summary>
public static class ReviewText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        return string.Concat(normalized.Where(c => c == '\n' || !char.IsControl(c)));
    }
}
