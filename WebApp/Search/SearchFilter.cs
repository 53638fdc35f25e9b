using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>A search's filters with its slugs resolved to ids.</summary>
public sealed record SearchFilter(CategoryNode? Category, HashSet<int>? CategoryIds, int? BrandId, long? Min, long? Max, bool InStock);
