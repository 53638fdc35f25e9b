namespace WebApp.Search;

/// <summary>Enough of a product to link to it by name.</summary>
public sealed record ProductName(int Id, string Name, string Slug);
