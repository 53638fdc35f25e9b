namespace WebApp.Search;

/// <summary>
/// One phrase of an FTS5 expression as written (<c>"ho"*</c>, <c>"ergonomic"</c>), where it stands in the expression
/// text; excluded when under NOT. A group of plain words OR'ed together (<c>("laptop" OR "laptops")</c>, a word and
/// its other number as <see cref="SearchText"/> writes them) is one phrase whose <see cref="Words"/> are its terms, as a
/// prefix expanded into the terms that exist is: the same ids either way.
/// </summary>
public sealed record FtsPhrase(string Text, bool Excluded, int Start, string[]? Words = null)
{
    public bool IsPrefix => Words is null && Text.EndsWith('*');

    /// <summary>What a prefix phrase's words start with (<c>"watch"*</c> gives <c>watch</c>); a group's first word; the phrase text otherwise.</summary>
    public string Stem => Words is { } words ? words[0] : Text.TrimEnd('*')[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
}
