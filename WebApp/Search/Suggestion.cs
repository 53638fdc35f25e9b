namespace WebApp.Search;

/// <summary>One line of the search box's dropdown: a "category", a "product", or a "correction" (the search for the
/// corrected words), and where it leads.</summary>
public sealed record Suggestion(string Type, string Label, string Url);
