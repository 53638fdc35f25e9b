using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// How many products hold each term and each 2- and 3-letter prefix of the full-text index, in memory (about 30,000
/// terms at 1M products: a few MB), so ranking does not count them again for every query (see <see cref="StoreBm25"/>).
/// <para>Counts are exact for one state of the index: every search reads FTS5's structure record (one small row that
/// changes whenever the index does) and, when it differs from the counts', counts what it needs itself and asks for a
/// reload in the background. Stock changes at checkout never touch the index, so they never stale the counts.</para>
/// <para>Loaded after startup in the background (a few seconds of one core at 1M products); until then, and for phrases
/// and longer prefixes, a count is made on first use and remembered for the same state.</para>
/// </summary>
public sealed class TermIndex(IServiceScopeFactory scopes, SpellingVocabulary spelling, PhraseBitmaps bitmaps, ILogger<TermIndex> logger) : BackgroundService
{
    // Reloads follow index changes no more often than this: an admin editing products one by one costs a reload a minute.
    private static readonly TimeSpan s_reloadSpacing = TimeSpan.FromSeconds(60);

    private const string StateSql = "SELECT block FROM ProductSearch_data WHERE id = 10";

    private readonly SemaphoreSlim _reload = new(0, 1);
    private volatile Counts? _counts;

    private sealed record Counts(byte[] State, ConcurrentDictionary<string, long> ByPhrase);

    private volatile Vocabulary? _words;

    /// <summary>Phrases remembered for the index as it is now (0 before the first load).</summary>
    public int Size => _counts?.ByPhrase.Count ?? 0;

    /// <summary>
    /// The number of documents each phrase of <paramref name="phrases"/> matches, in order (0 for excluded phrases,
    /// which never contribute to a score), counted now where not already known for the index's current state.
    /// </summary>
    public async Task<long[]> DocumentCountsAsync(DbConnection connection, byte[] state, IReadOnlyList<FtsPhrase> phrases, CancellationToken ct)
    {
        var counts = _counts;
        if (counts is null || !counts.State.AsSpan().SequenceEqual(state))
        {
            var fresh = new Counts(state, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
            counts = Interlocked.CompareExchange(ref _counts, fresh, counts) == counts ? fresh : _counts!;
            if (!counts.State.AsSpan().SequenceEqual(state)) counts = fresh;   // lost a race to another state: count privately
            RequestReload();
        }
        var result = new long[phrases.Count];
        for (var i = 0; i < phrases.Count; i++)
        {
            if (phrases[i].Excluded) continue;
            var text = phrases[i].Text;
            if (!counts.ByPhrase.TryGetValue(text, out var n))
            {
                n = await CountAsync(connection, text, ct);
                counts.ByPhrase[text] = n;
            }
            result[i] = n;
        }
        return result;
    }

    /// <summary>A search saw the index in <paramref name="state"/>: when the counts (and bitmaps) are of another, reload them.</summary>
    public void Seen(byte[] state)
    {
        if (_counts is { } counts && !counts.State.AsSpan().SequenceEqual(state)) RequestReload();
    }

    /// <summary>The document count of each phrase where already known for <paramref name="state"/>; null elsewhere. Never counts.</summary>
    public long?[] KnownCounts(byte[] state, IReadOnlyList<FtsPhrase> phrases)
    {
        var result = new long?[phrases.Count];
        if (_counts is not { } counts || !counts.State.AsSpan().SequenceEqual(state)) return result;
        for (var i = 0; i < phrases.Count; i++)
        {
            if (counts.ByPhrase.TryGetValue(phrases[i].Text, out var n)) result[i] = n;
        }
        return result;
    }

    /// <summary>
    /// The phrases of an FTS5 expression as <see cref="SearchText"/> writes them (quoted strings, a trailing * for a
    /// prefix, AND/OR/NOT, parentheses and a {Column} filter), in the order FTS5 numbers them; null for anything else
    /// (NEAR, ^), which is then run and ranked as it is.
    /// </summary>
    public static List<FtsPhrase>? PhrasesOf(string expression)
    {
        var phrases = new List<FtsPhrase>();
        var excludedDepth = new Stack<bool>();
        var excludedGroup = false;
        var notPending = false;
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '"')
            {
                var start = i;
                var sb = new StringBuilder("\"");
                i++;
                while (true)
                {
                    if (i >= expression.Length) return null;
                    if (expression[i] == '"')
                    {
                        if (i + 1 < expression.Length && expression[i + 1] == '"')
                        {
                            sb.Append("\"\"");
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(expression[i++]);
                }
                sb.Append('"');
                if (i < expression.Length && expression[i] == '*')
                {
                    sb.Append('*');
                    i++;
                }
                phrases.Add(new FtsPhrase(sb.ToString(), excludedGroup || notPending, start));
                notPending = false;
            }
            else if (c == '(')
            {
                excludedDepth.Push(excludedGroup);
                excludedGroup |= notPending;
                notPending = false;
                i++;
            }
            else if (c == ')')
            {
                if (excludedDepth.Count == 0) return null;
                excludedGroup = excludedDepth.Pop();
                i++;
            }
            else if (c is ' ' or ':')
            {
                i++;
            }
            else if (c == '{' && expression.IndexOf('}', i) is var end and > 0 && expression[(i + 1)..end].All(char.IsAsciiLetter))
            {
                i = end + 1;   // a column filter such as {Name}: phrases inside count only in that column
            }
            else if (Keyword(expression, i, "AND") || Keyword(expression, i, "OR"))
            {
                i += expression[i] == 'A' ? 3 : 2;
            }
            else if (Keyword(expression, i, "NOT"))
            {
                notPending = true;
                i += 3;
            }
            else
            {
                return null;
            }
        }
        return excludedDepth.Count == 0 ? phrases : null;
    }

    /// <summary>
    /// Every indexed term starting with <paramref name="stem"/>, if there are at most <paramref name="max"/> and the
    /// vocabulary was loaded from the index as it is in <paramref name="state"/>; otherwise null.
    /// </summary>
    public string[]? Completions(string stem, byte[] state, int max) =>
        _words is { } words && words.State.AsSpan().SequenceEqual(state) ? words.Completions(stem, max) : null;

    /// <summary>The index's state now: FTS5's structure record, which every change to the index rewrites.</summary>
    public static async Task<byte[]> StateAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = StateSql;
        return await cmd.ExecuteScalarAsync(ct) as byte[] ?? [];
    }

    private void RequestReload()
    {
        if (_reload.CurrentCount > 0) return;
        try
        {
            _reload.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already requested.
        }
    }

    private static bool Keyword(string s, int i, string word) =>
        string.CompareOrdinal(s, i, word, 0, word.Length) == 0 && (i + word.Length == s.Length || s[i + word.Length] is ' ' or '(' or '"');

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = DateTime.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var wait = last + s_reloadSpacing - DateTime.UtcNow;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, stoppingToken);
                last = DateTime.UtcNow;
                await LoadAsync(stoppingToken);
                await _reload.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;   // the store is shutting down
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // Ranking still works without the counts (each is made on first use), only slower.
                logger.LogWarning(e, "Could not load the search term counts; retrying after the next index change");
                await _reload.WaitAsync(stoppingToken);
            }
        }
    }

    /// <summary>
    /// Every term's document count, and every 2- and 3-letter prefix's. Kept only if the index did not change meanwhile
    /// (the state is read before and after), so every count belongs to one state.
    /// </summary>
    public async Task LoadAsync(CancellationToken ct)
    {
        // One load at a time: a caller arriving during the background load waits for it rather than returning early.
        await _loading.WaitAsync(ct);
        try
        {
            await LoadLockedAsync(ct);
        }
        finally
        {
            _loading.Release();
        }
    }

    private readonly SemaphoreSlim _loading = new(1, 1);

    private async Task LoadLockedAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        try
        {
            var state = await StateAsync(connection, ct);
            if (_loadedState is { } loaded && loaded.AsSpan().SequenceEqual(state)) return;
            var byPhrase = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var prefixes = new HashSet<string>(StringComparer.Ordinal);
            // The words spelling has read, when they are of this state (one read of the vocabulary for both).
            await spelling.CatchUpAsync(ct);
            var words = spelling.Current;
            if (!words.State.AsSpan().SequenceEqual(state)) words = await Vocabulary.ReadAsync(connection, ct);
            for (var i = 0; i < words.IndexTerms.Count; i++)
            {
                var term = words.IndexTerms[i];
                byPhrase[Quote(term)] = words.IndexDocuments[i];
                foreach (var length in (ReadOnlySpan<int>)[2, 3])
                {
                    if (term.Length > length && !char.IsHighSurrogate(term[length - 1])) prefixes.Add(Quote(term[..length]) + "*");
                }
            }
            foreach (var prefix in prefixes) byPhrase[prefix] = await CountAsync(connection, prefix, ct);
            if (!(await StateAsync(connection, ct)).AsSpan().SequenceEqual(state))
            {
                RequestReload();
                return;
            }

            // Counts made on first use while this loaded, for the same state, are kept; a newer state is left alone.
            var now = _counts;
            if (now is not null && !now.State.AsSpan().SequenceEqual(state)) return;
            foreach (var (phrase, n) in now?.ByPhrase ?? []) byPhrase.TryAdd(phrase, n);
            _counts = new Counts(state, byPhrase);
            _words = words;
            await bitmaps.LoadAsync(connection, state, byPhrase.Select(p => (p.Key, p.Value)), ct);
            _loadedState = state;
            logger.LogInformation("Loaded search term counts: {Phrases} terms and prefixes, {Bitmaps:N0} bytes of bitmaps, in {Milliseconds:F0} ms",
                byPhrase.Count, bitmaps.Bytes, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private byte[]? _loadedState;

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<long> CountAsync(DbConnection connection, string phrase, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM ProductSearch WHERE ProductSearch MATCH $phrase";
        var p = cmd.CreateParameter();
        p.ParameterName = "$phrase";
        p.Value = phrase;
        cmd.Parameters.Add(p);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public override void Dispose()
    {
        _reload.Dispose();
        _loading.Dispose();
        base.Dispose();
    }
}
