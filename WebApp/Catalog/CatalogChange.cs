namespace WebApp.Catalog;

/// <summary>What one committed write changed in the catalogue, for <see cref="ICatalogChanges"/>.</summary>
public sealed record CatalogChange
{
    /// <summary>Products written outside change tracking (set-based writes, imports, stock): their rows are read again.</summary>
    public IReadOnlyCollection<int> ProductIds { get; init; } = [];

    /// <summary>Products saved through EF: the values in hand are the saved ones, so nothing is read again.</summary>
    public IReadOnlyCollection<Product> SavedProducts { get; init; } = [];

    public IReadOnlyCollection<int> DeletedProductIds { get; init; } = [];

    public bool Brands { get; init; }

    public bool Categories { get; init; }

    /// <summary>
    /// Only stock moved (orders). Tiles read stock live, so cached answers go stale only when a product crossed zero
    /// (the in-stock filter and facet): a busy store must not empty the search cache with every order.
    /// </summary>
    public bool OnlyStock { get; init; }

    public static CatalogChange Products(IReadOnlyCollection<int> ids) => new() { ProductIds = ids };

    public static CatalogChange Stock(IReadOnlyCollection<int> ids) => new() { ProductIds = ids, OnlyStock = true };
}
