using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebApp.Catalog;

/// <summary>
/// A number that changes whenever the catalogue does. Cached search answers carry it in their key, so a change makes
/// every older answer unreachable at once: nothing is ever stale and nothing needs clearing.
/// </summary>
public sealed class CatalogVersion
{
    private long _value = DateTime.UtcNow.Ticks;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}

/// <summary>
/// Bumps <see cref="CatalogVersion"/> after any saved change to products, brands or categories: the one path admin
/// edits take. Set-based writes (ExecuteUpdate) bypass SaveChanges and bump the version themselves.
/// </summary>
public sealed class CatalogChangeInterceptor(CatalogVersion version, CategoryTree tree, WebApp.Search.ProductFacts facts) : SaveChangesInterceptor
{
    [Flags]
    private enum Changes { None = 0, Catalogue = 1, Categories = 2 }

    // One interceptor serves every pooled context at once, so what a save touched is remembered per context.
    private sealed record Pending(Changes Changes, List<(Product Product, bool Deleted)> Products);

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Inspect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inspect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Publish(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Publish(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Inspect(DbContext? context)
    {
        if (context is null) return;
        var changes = Changes.None;
        var products = new List<(Product, bool)>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is Product product) products.Add((product, entry.State == EntityState.Deleted));
            if (entry.Entity is Product or Brand) changes |= Changes.Catalogue;
            if (entry.Entity is Category) changes |= Changes.Catalogue | Changes.Categories;
        }
        _pending.AddOrUpdate(context, new Pending(changes, products));
    }

    // After the write, never before: a search racing the save must not cache old rows under the new version.
    private void Publish(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending)) return;
        _pending.Remove(context);
        foreach (var (product, deleted) in pending.Products)
        {
            if (deleted) facts.Remove(product.Id);
            else facts.Apply(product);
        }
        if (pending.Changes.HasFlag(Changes.Catalogue)) version.Bump();
        if (pending.Changes.HasFlag(Changes.Categories)) tree.Invalidate();
    }
}
