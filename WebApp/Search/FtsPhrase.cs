namespace WebApp.Search;

/// <summary>
/// One phrase of an FTS5 expression as written (<c>"ho"*</c>, <c>"ergonomic"</c>), where it stands in the expression
/// text; excluded when under NOT.
/// </summary>
public sealed record FtsPhrase(string Text, bool Excluded, int Start)
{
    public bool IsPrefix => Text.EndsWith('*');

    /// <summary>What a prefix phrase's words start with (<c>"watch"*</c> gives <c>watch</c>); the phrase text otherwise.</summary>
    public string Stem => Text.TrimEnd('*')[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
}
