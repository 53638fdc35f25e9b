namespace WebApp.Search;

public sealed record SuggestionList(string Query, IReadOnlyList<Suggestion> Suggestions)
{
    /// <summary>The words the suggestions were found for when what was typed found none (a "correction" leads the list).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Corrected { get; init; }
}
