namespace WebApp.Catalog;

/// <summary>
/// The only way to say "the catalogue changed": EF saves (through <see cref="CatalogChangeInterceptor"/>), stock
/// changes, imports and any set-based write publish here, after their commit, and every in-memory copy of the
/// catalogue (search facts, category tree, cached answers and tiles, output-cached pages) follows. In process today
/// (<see cref="InProcessCatalogChanges"/>); several nodes would publish to each other through this seam.
/// </summary>
public interface ICatalogChanges
{
    Task PublishAsync(CatalogChange change, CancellationToken ct = default);
}
