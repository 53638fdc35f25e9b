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
public sealed class CatalogChangeInterceptor(CatalogVersion version, CategoryTree tree) : SaveChangesInterceptor
{
    [Flags]
    private enum Changes { None = 0, Catalogue = 1, Categories = 2 }

    // One interceptor serves every pooled context at once, so what a save touched is remembered per context.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, System.Runtime.CompilerServices.StrongBox<Changes>> _pending = [];

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
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            if (entry.Entity is Product or Brand) changes |= Changes.Catalogue;
            if (entry.Entity is Category) changes |= Changes.Catalogue | Changes.Categories;
        }
        _pending.AddOrUpdate(context, new(changes));
    }

    // After the write, never before: a search racing the save must not cache old rows under the new version.
    private void Publish(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var box)) return;
        _pending.Remove(context);
        if (box.Value.HasFlag(Changes.Catalogue)) version.Bump();
        if (box.Value.HasFlag(Changes.Categories)) tree.Invalidate();
    }
}
