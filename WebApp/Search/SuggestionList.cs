namespace WebApp.Search;

public sealed record SuggestionList(string Query, IReadOnlyList<Suggestion> Suggestions);
