using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebApp.Catalog;

/// <summary>
/// Publishes what every saved change to products, brands or categories touched (the path admin edits take) to
/// <see cref="ICatalogChanges"/>, once it is committed: at once for a save on its own, at the commit for a save inside
/// a transaction (and not at all if that rolls back). Set-based writes bypass SaveChanges and publish themselves.
/// </summary>
public sealed class CatalogChangeInterceptor(ICatalogChanges changes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One interceptor serves every pooled context at once, so what a save touched is remembered per context.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, CatalogChange> _pending = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, CatalogChange> _awaitingCommit = [];

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

    // A saved change carries its values, so publishing it reads nothing and completes at once, even when waited for here.
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PublishAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // The write is committed: a shopper giving up now must not leave the in-memory catalogue behind it.
        await PublishAsync(eventData.Context, CancellationToken.None);
        return result;
    }

    private void Inspect(DbContext? context)
    {
        if (context is null) return;
        var (saved, deleted, brands, categories) = (new List<Product>(), new List<int>(), false, false);
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Product product when entry.State == EntityState.Deleted: deleted.Add(product.Id); break;
                case Product product: saved.Add(product); break;
                case Brand: brands = true; break;
                case Category: categories = true; break;
            }
        }
        if (saved.Count == 0 && deleted.Count == 0 && !brands && !categories)
        {
            _pending.Remove(context);
            return;
        }
        _pending.AddOrUpdate(context, new CatalogChange { SavedProducts = saved, DeletedProductIds = deleted, Brands = brands, Categories = categories });
    }

    // After the commit, never before: a search racing the save must not cache old rows under the new version, and a
    // rolled-back change must not reach memory at all.
    private Task PublishAsync(DbContext? context, CancellationToken ct)
    {
        if (context is null || !_pending.TryGetValue(context, out var change)) return Task.CompletedTask;
        _pending.Remove(context);
        if (context.Database.CurrentTransaction is not null)
        {
            _awaitingCommit.AddOrUpdate(context, _awaitingCommit.TryGetValue(context, out var earlier) ? Merge(earlier, change) : change);
            return Task.CompletedTask;
        }
        return changes.PublishAsync(change, ct);
    }

    private static CatalogChange Merge(CatalogChange a, CatalogChange b) => new()
    {
        SavedProducts = [.. a.SavedProducts.Concat(b.SavedProducts).Distinct()],
        DeletedProductIds = [.. a.DeletedProductIds.Concat(b.DeletedProductIds).Distinct()],
        Brands = a.Brands || b.Brands,
        Categories = a.Categories || b.Categories,
    };

    // A transaction disposed without a commit rolls back without telling interceptors: a new one starts clean.
    System.Data.Common.DbTransaction IDbTransactionInterceptor.TransactionStarted(System.Data.Common.DbConnection connection, TransactionEndEventData eventData, System.Data.Common.DbTransaction result)
    {
        Forget(eventData.Context);
        return result;
    }

    ValueTask<System.Data.Common.DbTransaction> IDbTransactionInterceptor.TransactionStartedAsync(System.Data.Common.DbConnection connection, TransactionEndEventData eventData, System.Data.Common.DbTransaction result, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return ValueTask.FromResult(result);
    }

    void IDbTransactionInterceptor.TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        CommittedAsync(eventData.Context).GetAwaiter().GetResult();

    Task IDbTransactionInterceptor.TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken) =>
        CommittedAsync(eventData.Context);

    void IDbTransactionInterceptor.TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) =>
        Forget(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private Task CommittedAsync(DbContext? context)
    {
        if (context is null || !_awaitingCommit.TryGetValue(context, out var change)) return Task.CompletedTask;
        _awaitingCommit.Remove(context);
        return changes.PublishAsync(change, CancellationToken.None);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _awaitingCommit.Remove(context);
    }
}
