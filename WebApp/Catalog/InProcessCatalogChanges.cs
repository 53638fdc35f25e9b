using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Catalog;

/// <summary>
/// One node's catalogue change: search facts take the new values, the category tree reloads on next use, and the
/// catalogue version moves on, which retires every cached search answer and product tile at once; last, the output-cached
/// pages that showed what changed are evicted (<see cref="CatalogPageCache.EvictAsync"/>).
/// </summary>
public sealed class InProcessCatalogChanges(CatalogVersion version, CategoryTree tree, ProductFacts facts, SpellingVocabulary vocabulary, IServiceScopeFactory scopes, CatalogPageCache pages) : ICatalogChanges
{
    public async Task PublishAsync(CatalogChange change, CancellationToken ct = default)
    {
        // What each touched product looked like before, for the cached pages that showed it (its old category too).
        var touched = change.ProductIds.Concat(change.SavedProducts.Select(p => p.Id)).Concat(change.DeletedProductIds).Distinct().ToList();
        var factsBefore = touched.Count > CatalogPageCache.MostTargetedProducts ? touched.ToDictionary(id => id, _ => (ProductFact?)null) : touched.ToDictionary(id => id, Fact);
        var stockCrossedZero = false;
        if (change.ProductIds.Count > 0)
        {
            var before = change.ProductIds.Distinct().ToDictionary(id => id, InStock);
            await RereadAsync(change.ProductIds, ct);
            stockCrossedZero = before.Any(b => b.Value != InStock(b.Key));
        }
        foreach (var product in change.SavedProducts) facts.Apply(product);
        foreach (var id in change.DeletedProductIds) facts.Remove(id);
        if (change.Categories) tree.Invalidate();

        // Last, after the new facts and tree are in place: a search racing this must not cache old facts under the new version.
        var productsChanged = change.SavedProducts.Count > 0 || change.DeletedProductIds.Count > 0
            || (change.ProductIds.Count > 0 && (!change.OnlyStock || stockCrossedZero));
        if (productsChanged || change.Brands || change.Categories) version.Bump();
        if (!change.OnlyStock && (productsChanged || change.Brands || change.Categories)) vocabulary.CatalogChanged();
        await pages.EvictAsync(change, factsBefore, Fact);
    }

    private ProductFact? Fact(int id) => facts.TryGet(id, out var fact) ? fact : null;

    private bool InStock(int id) => facts.TryGet(id, out var fact) && fact.Stock > 0;

    private async Task RereadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await facts.RefreshAsync(db.Database.GetDbConnection(), ids, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
