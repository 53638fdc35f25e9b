namespace WebApp.Search;

/// <summary>
/// One value of a facet: its key in the URL, what it is called, how many products it would show, and (categories)
/// how deep in the tree it sits under the listing's top level.
/// </summary>
public sealed record FacetValue(string Key, string Label, int Count, bool Selected, int Depth = 0);
