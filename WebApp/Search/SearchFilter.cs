using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// A search's filters with its slugs resolved to ids. <see cref="Scope"/> is the category whose page this is (null for
/// search): only its products are looked at. <see cref="Categories"/> and <see cref="BrandIds"/> are the shopper's
/// choices, each OR'ed within itself; <see cref="CategoryIds"/> is every category the chosen ones cover (null: any).
/// </summary>
public sealed record SearchFilter(CategoryNode? Scope, IReadOnlyList<CategoryNode> Categories, HashSet<int>? CategoryIds, HashSet<int>? BrandIds,
    long? Min, long? Max, bool InStock);
