using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// The <see cref="Vocabulary"/> spelling corrections use, kept current. Read in the background as the store starts,
/// then rebuilt in the background after the catalogue's text changes (<see cref="ICatalogChanges"/> calls
/// <see cref="CatalogChanged"/>), waiting <see cref="SearchOptions.VocabularyDelay"/> first so an import or a burst of
/// edits costs one rebuild. A correction may therefore miss a word added less than that delay plus one rebuild ago.
/// When a rebuild adds or removes words the catalogue version moves on, so no cached answer keeps a correction (or a
/// "no results") made with the old words.
/// </summary>
public sealed class SpellingVocabulary(IServiceScopeFactory scopes, CatalogVersion version, IOptions<SearchOptions> options, ILogger<SpellingVocabulary> logger)
    : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private long _requested = 1;   // the first read, at start
    private long _built;

    public Vocabulary Current { get; private set; } = Vocabulary.Empty;

    /// <summary>The catalogue's text may have changed: rebuild after the delay (changes meanwhile join the same rebuild).</summary>
    public void CatalogChanged()
    {
        Interlocked.Increment(ref _requested);
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { } // a rebuild is already due
        }
    }

    /// <summary>Rebuilds now if a change was published since the last rebuild began; returns when every change published before the call is in.</summary>
    public async Task CatchUpAsync(CancellationToken ct = default)
    {
        var target = Interlocked.Read(ref _requested);
        await _gate.WaitAsync(ct);
        try
        {
            if (Interlocked.Read(ref _built) < target) await RebuildLockedAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The first read runs beside startup rather than before it: until it lands, searches are simply not corrected.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    // A test host may be disposed before it is stopped (or stopped twice): stopping a disposed service has nothing left to do.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed)) return;
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        try
        {
            await CatchUpAsync(stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            logger.LogError(e, "Could not read the spelling vocabulary; searches are not corrected until the catalogue changes");
        }
        catch (OperationCanceledException)
        {
            return;
        }
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stopping);
                await Task.Delay(options.Value.VocabularyDelay, stopping);
                await CatchUpAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The old words keep serving; the next change tries again.
                logger.LogError(e, "Could not rebuild the spelling vocabulary");
            }
        }
    }

    private async Task RebuildLockedAsync(CancellationToken ct)
    {
        var covers = Interlocked.Read(ref _requested);
        var started = Stopwatch.GetTimestamp();
        Vocabulary next;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                next = await Vocabulary.ReadAsync(db.Database.GetDbConnection(), ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        var previous = Current;
        Current = next;
        Interlocked.Exchange(ref _built, covers);
        logger.LogInformation("Spelling vocabulary: {Words} words, {Entries} index entries, read in {Milliseconds:F0} ms",
            next.Count, next.IndexEntries, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        // New or vanished words change what a search corrects to; answers cached before that must not be served again.
        if (!previous.Terms.Select(t => t.Term).SequenceEqual(next.Terms.Select(t => t.Term), StringComparer.Ordinal)) version.Bump();
    }

    private bool _disposed;

    public void Dispose()
    {
        if (Volatile.Read(ref _disposed)) return;
        Volatile.Write(ref _disposed, true);
        _stopping.Cancel();   // the loop ends rather than wait forever on a signal nobody will give
        _gate.Dispose();
        _signal.Dispose();
        _stopping.Dispose();
    }
}
