using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Records searches that found nothing, for the admin dashboard. Writes are batched off the request path once a
/// second, so a burst of empty searches is one short transaction rather than a write per request.
/// </summary>
public sealed class SearchMissRecorder(IServiceScopeFactory scopes, ILogger<SearchMissRecorder> logger) : BackgroundService
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Channel<string> _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(string normalizedQuery) => _queue.Writer.TryWrite(normalizedQuery);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            // Not cancelled by stopping: a batch already taken from the queue is written, not lost halfway.
            await FlushAsync(CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    /// <summary>When the store stops, the searches queued since the last flush are written rather than lost.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // A second stop of the same host (a test host stopped by its test and by its own Run) after the first
            // disposed the services: the first stop has written the queue.
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout ran out first (services stop one after another: mail to a dead server can use it
            // all): these few search statistics are let go rather than failing the whole stop.
        }
    }

    /// <summary>Writes what is queued now, after any flush already under way; public so tests need not wait for the timer.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        await _flushing.WaitAsync(ct);
        try
        {
            await WriteQueuedAsync(ct);
        }
        finally
        {
            _flushing.Release();
        }
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    private async Task WriteQueuedAsync(CancellationToken ct)
    {
        var batch = new Dictionary<string, int>();
        while (_queue.Reader.TryRead(out var query)) batch[query] = batch.GetValueOrDefault(query) + 1;
        if (batch.Count == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var now = DateTime.UtcNow;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var (query, count) in batch)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO SearchMisses (Query, Count, LastSeen) VALUES ({query}, {count}, {now})
                    ON CONFLICT(Query) DO UPDATE SET Count = Count + excluded.Count, LastSeen = excluded.LastSeen
                    """, ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not record {Count} zero-result searches", batch.Count);
        }
    }
}
