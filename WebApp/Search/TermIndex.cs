using System.Text;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// The full-text index's vocabulary for one state of the index, for expanding a long prefix into the terms that exist
/// (<see cref="Completions"/>), and, when <see cref="PhraseBitmaps"/> are on, the document counts that choose which
/// phrases get a bitmap.
/// <para>Every search reads FTS5's structure record (one small row that changes whenever the index does); when it
/// differs from what was loaded, nothing loaded is used for that search and a reload is asked for in the background
/// (at most one a minute). Stock changes at checkout never touch the index, so they never stale it.</para>
/// </summary>
public sealed class TermIndex(IServiceScopeFactory scopes, SpellingVocabulary spelling, PhraseBitmaps bitmaps, IOptions<SearchOptions> options, ILogger<TermIndex> logger) : BackgroundService
{
    // Reloads follow index changes no more often than this: an admin editing products one by one costs a reload a minute.
    private static readonly TimeSpan s_reloadSpacing = TimeSpan.FromSeconds(60);

    private const string StateSql = "SELECT block FROM ProductSearch_data WHERE id = 10";

    private readonly SemaphoreSlim _reload = new(0, 1);

    private volatile Vocabulary? _words;

    /// <summary>A search saw the index in <paramref name="state"/>: when the vocabulary (and bitmaps) are of another, reload them.</summary>
    public void Seen(byte[] state)
    {
        if (_words is { } words && !words.State.AsSpan().SequenceEqual(state)) RequestReload();
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
            else if (c == '(' && Group(expression, i) is ({ } words, var past))
            {
                phrases.Add(new FtsPhrase(expression[i..past], excludedGroup || notPending, i, words));
                notPending = false;
                i = past;
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
    /// A parenthesised OR of two or more plain quoted words at <paramref name="open"/> (<c>("laptop" OR "laptops")</c>):
    /// its words and the index just past its closing parenthesis; no words when it is anything else.
    /// </summary>
    private static (string[]? Words, int End) Group(string expression, int open)
    {
        var words = new List<string>();
        var i = open + 1;
        while (true)
        {
            if (i >= expression.Length || expression[i] != '"') return (null, 0);
            var close = expression.IndexOf('"', i + 1);
            // A doubled quote inside, an empty word, a phrase of several or a prefix star is not a plain word.
            if (close <= i + 1 || expression.AsSpan(i + 1, close - i - 1).Contains(' ')
                || close + 1 < expression.Length && expression[close + 1] is '"' or '*') return (null, 0);
            words.Add(expression[(i + 1)..close]);
            i = close + 1;
            if (i < expression.Length && expression[i] == ')') return words.Count >= 2 ? ([.. words], i + 1) : (null, 0);
            if (string.CompareOrdinal(expression, i, " OR ", 0, 4) != 0) return (null, 0);
            i += 4;
        }
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

    /// <summary>
    /// The index's state now, as <see cref="StateAsync"/> reads it, on a connection of this class's own that keeps the
    /// query prepared (as many as read at once, up to <see cref="KeptStateReaders"/>).
    /// <para>Why: every uncached search with words reads it once, and most are then answered from memory (held lists and
    /// bitmaps) with no other read. Through the search's own context that was opening EF's connection (registering its
    /// SQL functions), preparing the query and closing it again: 0.2-0.3 ms of a search's 1-3 ms at 1M.</para>
    /// </summary>
    public byte[] ReadState(string connectionString)
    {
        if (!_stateReaders.TryPop(out var reader) || reader.ConnectionString != connectionString)
        {
            reader?.Dispose();
            reader = StateReader.Open(connectionString);
        }
        var keep = false;
        try
        {
            var state = reader.Read();
            keep = true;
            return state;
        }
        finally
        {
            if (keep && _stateReaders.Count < KeptStateReaders && !_disposed) _stateReaders.Push(reader);
            else reader.Dispose();
        }
    }

    private const int KeptStateReaders = 4;
    private readonly System.Collections.Concurrent.ConcurrentStack<StateReader> _stateReaders = new();
    private volatile bool _disposed;

    private sealed class StateReader : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;

        private StateReader(SqliteConnection connection)
        {
            _connection = connection;
            _command = connection.CreateCommand();
            _command.CommandText = StateSql;
            _command.Prepare();
        }

        public string ConnectionString => _connection.ConnectionString;

        public static StateReader Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                connection.Open();
                SqlitePragmas.Apply(connection);
                return new StateReader(connection);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public byte[] Read() => _command.ExecuteScalar() as byte[] ?? [];

        public void Dispose()
        {
            _command.Dispose();
            _connection.Dispose();
        }
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
                // Search still works without them: long prefixes are left to FTS5, ANDs to FTS5 alone.
                logger.LogWarning(e, "Could not load the search vocabulary; retrying after the next index change");
                await _reload.WaitAsync(stoppingToken);
            }
        }
    }

    /// <summary>The vocabulary (and bitmaps) for the index as it is now, unless already loaded for it.</summary>
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
            if (_words is { } loaded && loaded.State.AsSpan().SequenceEqual(state)) return;
            // The words spelling has read, when they are of this state (one read of the vocabulary for both).
            await spelling.CatchUpAsync(ct);
            var words = spelling.Current;
            if (!words.State.AsSpan().SequenceEqual(state)) words = await Vocabulary.ReadAsync(connection, ct);
            if (!words.State.AsSpan().SequenceEqual(state))
            {
                RequestReload();   // the index changed while it was read
                return;
            }
            _words = words;
            if (bitmaps.Enabled)
            {
                var (two, three) = await CountsAsync(connection, words, ct);
                await bitmaps.LoadAsync(connection, state, two, three, WordCounts(words), ct);
            }
            logger.LogInformation("Loaded the search vocabulary: {Terms} terms, {Bitmaps:N0} bytes of bitmaps, {ListWords} words' lists in {ListBytes:N0} bytes, in {Milliseconds:F0} ms",
                words.IndexTerms.Count, bitmaps.Bytes, bitmaps.Lists.Words, bitmaps.Lists.Bytes, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    /// <summary>
    /// Document counts of the prefixes that may get a bitmap, by length: every 2-letter prefix (a second at 1M: the prefix
    /// index answers each), and the 3-letter prefixes whose terms' counts add up to the most (twice as many as may get a
    /// bitmap, each then counted exactly). An AND with a word is slow when the other side is a short prefix, which
    /// descriptions make common ("fo"* is in every product: "for"; "com"* in 16%): FTS5 steps through its doclist once
    /// per match, and driven from the prefix's doclist the AND reads tens of thousands of ids. Words' counts come with the
    /// vocabulary; longer prefixes are expanded into their terms.
    /// </summary>
    private async Task<(List<(string Phrase, long Documents)> Two, List<(string Phrase, long Documents)> Three)> CountsAsync(DbConnection connection, Vocabulary words, CancellationToken ct)
    {
        var two = new HashSet<string>(StringComparer.Ordinal);
        var three = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < words.IndexTerms.Count; i++)
        {
            var term = words.IndexTerms[i];
            if (term.Length > 2 && !char.IsHighSurrogate(term[1])) two.Add(Quote(term[..2]) + "*");
            if (term.Length > 3 && !char.IsHighSurrogate(term[2])) three[term[..3]] = three.GetValueOrDefault(term[..3]) + words.IndexDocuments[i];
        }
        var twoCounts = new List<(string, long)>(two.Count);
        foreach (var prefix in two) twoCounts.Add((prefix, await CountAsync(connection, prefix, ct)));
        // A product holding two of a prefix's terms is counted twice in the sum: the likeliest are counted exactly.
        var threeCounts = new List<(string, long)>();
        foreach (var (stem, _) in three.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(2 * PhraseBitmaps.ThreeLetterPrefixes(options.Value)))
        {
            var prefix = Quote(stem) + "*";
            threeCounts.Add((prefix, await CountAsync(connection, prefix, ct)));
        }
        return (twoCounts, threeCounts);
    }

    /// <summary>Every indexed term's document count, as the vocabulary read them.</summary>
    private static List<(string Term, long Documents)> WordCounts(Vocabulary words) =>
        [.. words.IndexTerms.Select((term, i) => (term, (long)words.IndexDocuments[i]))];

    /// <summary>A term as a phrase of an FTS5 expression (as <see cref="SearchText"/> writes a word).</summary>
    internal static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<long> CountAsync(DbConnection connection, string phrase, CancellationToken ct)
    {
        await using var cmd = FullTextIndex.Command(connection, "SELECT count(*) FROM ProductSearch WHERE ProductSearch MATCH $match", phrase);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    public override void Dispose()
    {
        _disposed = true;
        while (_stateReaders.TryPop(out var reader)) reader.Dispose();
        _reload.Dispose();
        _loading.Dispose();
        base.Dispose();
    }
}
