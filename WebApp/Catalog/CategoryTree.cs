using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>
/// The category hierarchy, read on every page for the menu and breadcrumbs. It is a few dozen rows, so it is loaded once
/// and held until the catalogue changes (<see cref="Invalidate"/>), instead of queried per request.
/// </summary>
public sealed class CategoryTree(IServiceScopeFactory scopes)
{
    private Task<Snapshot>? _snapshot;

    public sealed record Snapshot(IReadOnlyList<CategoryNode> Departments, IReadOnlyDictionary<int, CategoryNode> ById, IReadOnlyDictionary<string, CategoryNode> BySlug)
    {
        /// <summary>Length of an array indexed by category id (the highest id + 1): worked out once per tree, not per search.</summary>
        public int IdSlots { get; } = ById.Keys.DefaultIfEmpty().Max() + 1;
    }

    public async Task<Snapshot> GetAsync()
    {
        var current = Volatile.Read(ref _snapshot);
        if (current is null)
        {
            // Concurrent first requests share one load; a failed load is forgotten so the next request retries.
            var load = LoadAsync();
            current = Interlocked.CompareExchange(ref _snapshot, load, null) ?? load;
        }
        try
        {
            return await current;
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _snapshot, null, current);
            throw;
        }
    }

    public void Invalidate() => Volatile.Write(ref _snapshot, null);

    private async Task<Snapshot> LoadAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var nodes = await db.Categories.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CategoryNode(c.Id, c.ParentId, c.Name, c.Slug, c.Color))
            .ToListAsync();
        var byId = nodes.ToDictionary(n => n.Id);
        foreach (var node in nodes)
        {
            if (node.ParentId is { } parentId && byId.TryGetValue(parentId, out var parent))
            {
                node.Parent = parent;
                parent.Children.Add(node);
            }
        }
        var bySlug = nodes.ToDictionary(n => n.Slug, StringComparer.OrdinalIgnoreCase);
        return new Snapshot([.. nodes.Where(n => n.Parent is null)], byId, bySlug);
    }
}
