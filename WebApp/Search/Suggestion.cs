namespace WebApp.Search;

/// <summary>One line of the search box's dropdown: a "category" or a "product", and where it leads.</summary>
public sealed record Suggestion(string Type, string Label, string Url);
