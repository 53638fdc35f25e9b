using System.Collections.Concurrent;
using System.Security.Claims;

namespace WebApp.Admin;

/// <summary>
/// Runs product imports in the background, one at a time (each holds SQLite's write lock batch after batch), and keeps
/// the recent ones for their status pages. An import outlives the upload request, so a large file shows its progress
/// on a page the admin can reload, instead of a request that times out.
/// </summary>
public sealed class ProductImports(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<ProductImports> logger)
{
    private const int Kept = 20;
    private readonly ConcurrentDictionary<Guid, ProductImportJob> _jobs = new();
    private int _running;

    public ProductImportJob? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public bool IsBusy => Volatile.Read(ref _running) != 0;

    /// <summary>The import running now, if any: a second admin was told one was running with no way to see it (session 52's review).</summary>
    public ProductImportJob? Running => _jobs.Values.FirstOrDefault(j => j.State == ImportState.Running);

    /// <summary>Starts importing the checked file at <paramref name="path"/> (deleted afterwards); null when another import is running.</summary>
    public ProductImportJob? Start(ClaimsPrincipal admin, string path, string fileName, bool setsStock)
    {
        if (Interlocked.CompareExchange(ref _running, 1, 0) != 0) return null;
        var job = new ProductImportJob
        {
            FileName = fileName,
            AdminEmail = admin.FindFirstValue(ClaimTypes.Email) ?? admin.Identity?.Name ?? "",
            FileBytes = new FileInfo(path).Length,
            StartedAt = clock.GetUtcNow().UtcDateTime,
            SetsStock = setsStock,
        };
        _jobs[job.Id] = job;
        foreach (var old in _jobs.Values.OrderByDescending(j => j.StartedAt).Skip(Kept)) _jobs.TryRemove(old.Id, out _);
        _ = Task.Run(() => RunAsync(job, admin, path, lifetime.ApplicationStopping));
        return job;
    }

    private async Task RunAsync(ProductImportJob job, ClaimsPrincipal admin, string path, CancellationToken ct)
    {
        var state = ImportState.Failed;
        string? failure = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ProductImport>().RunAsync(job, admin, path, ct);
            state = ImportState.Finished;
        }
#pragma warning disable CA1031 // The job's page is where a failure is reported; nothing waits on this task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Product import {ImportId} failed", job.Id);
            failure = ex is OperationCanceledException
                ? "The store stopped during the import. Batches already applied stay; run the same file again to finish (rows already there are updated, not duplicated)."
                : "The import failed part-way. Batches already applied stay; the others were rolled back. Run the same file again to finish.";
        }
        finally
        {
            try { File.Delete(path); } catch (IOException) { }
            // Free for the next import before the job says it is over: an admin who sees "Finished" and uploads the
            // next file at once was told another import was running.
            Volatile.Write(ref _running, 0);
            job.FinishedAt = clock.GetUtcNow().UtcDateTime;
            job.Failure = failure;
            job.State = state;
        }
    }
}
