using System.Data.Common;

namespace WebApp.Search;

/// <summary>
/// The catalogue's own words with how many products hold each, read from the full-text index itself (an
/// <c>fts5vocab</c> table over ProductSearch), so a word is spelled exactly as the tokenizer indexed it. Immutable:
/// <see cref="SpellingVocabulary"/> builds a new one when the catalogue's text changes and swaps it in.
/// Words with digits (model numbers, sizes, the digits of SKUs) are never corrected, nor offered as corrections; they
/// are kept only in <see cref="IndexTerms"/>, for <see cref="TermIndex"/>.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The most edits a correction may make; the delete index below is built for this many.</summary>
    public const int MaxEdits = 2;

    // A very large vocabulary (a real catalogue's long tail of rare words) gets a delete index for its most common
    // words only: the index holds ~37 entries of 12 bytes per word, and a shopper rarely means a word found once.
    private const int MaxIndexedTerms = 50_000;

    // Scanning the completions of a corrected prefix stops here: the most common of the first few hundred is enough.
    private const int MaxCompletionsScanned = 512;

    public static readonly Vocabulary Empty = From([]);

    private readonly string[] _indexTerms;  // every indexed term, digits too, sorted ordinally
    private readonly int[] _indexDocuments;
    private readonly string[] _terms;       // the words without digits, sorted ordinally, so the terms sharing a prefix are one range
    private readonly int[] _documents;
    private readonly ulong[] _deleteHashes; // symmetric delete index: hashes of every term with up to two letters deleted, sorted
    private readonly int[] _deleteTerms;    // ... and the term each came from
    private readonly char[] _alphabet;      // the letters the terms use, for the one-edit variants of a prefix

    private Vocabulary(string[] indexTerms, int[] indexDocuments, byte[] state)
    {
        _indexTerms = indexTerms;
        _indexDocuments = indexDocuments;
        State = state;
        var spelled = Enumerable.Range(0, indexTerms.Length).Where(i => !indexTerms[i].Any(char.IsDigit)).ToArray();
        var terms = _terms = [.. spelled.Select(i => indexTerms[i])];
        var documents = _documents = [.. spelled.Select(i => indexDocuments[i])];
        var indexed = Enumerable.Range(0, terms.Length).Where(i => terms[i].Length >= 3);
        if (terms.Length > MaxIndexedTerms) indexed = indexed.OrderByDescending(i => documents[i]).Take(MaxIndexedTerms);
        var entries = new List<(ulong Hash, int Term)>();
        var variants = new HashSet<ulong>();
        foreach (var i in indexed)
        {
            variants.Clear();
            Deletes(terms[i], MaxEdits, variants);
            foreach (var hash in variants) entries.Add((hash, i));
        }
        entries.Sort();
        _deleteHashes = [.. entries.Select(e => e.Hash)];
        _deleteTerms = [.. entries.Select(e => e.Term)];
        _alphabet = [.. terms.SelectMany(t => t).Distinct().Order()];
    }

    /// <summary>
    /// A vocabulary of these words and document counts (duplicates keep the larger count), read from the index in
    /// <paramref name="state"/> (FTS5's structure record; empty when unknown).
    /// </summary>
    public static Vocabulary From(IEnumerable<(string Term, int Documents)> words, byte[]? state = null)
    {
        var byTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (term, documents) in words)
        {
            if (term.Length == 0) continue;
            byTerm[term] = Math.Max(documents, byTerm.GetValueOrDefault(term));
        }
        var terms = byTerm.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        return new Vocabulary(terms, [.. terms.Select(t => byTerm[t])], state ?? []);
    }

    /// <summary>
    /// Reads every indexed word and its document count from the full-text index, once for both users: spelling, and
    /// <see cref="TermIndex"/> (counts, prefix expansion), which takes this read when <see cref="State"/> is the index's.
    /// </summary>
    public static async Task<Vocabulary> ReadAsync(DbConnection connection, CancellationToken ct = default)
    {
        var before = await TermIndex.StateAsync(connection, ct);
        await using var cmd = connection.CreateCommand();
        // A temp table lives on this connection only: no schema change, nothing for a migration to carry.
        cmd.CommandText = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.ProductSearchWords USING fts5vocab(main, ProductSearch, row)";
        await cmd.ExecuteNonQueryAsync(ct);
        cmd.CommandText = "SELECT term, doc FROM temp.ProductSearchWords";
        var words = new List<(string, int)>();
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) words.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        // Changed while reading: the words are of no one state, and say so.
        var state = (await TermIndex.StateAsync(connection, ct)).AsSpan().SequenceEqual(before) ? before : [];
        return From(words, state);
    }

    /// <summary>The state of the full-text index the words were read from (FTS5's structure record); empty when unknown.</summary>
    public byte[] State { get; }

    /// <summary>Every indexed term, digits too (model numbers, sizes), sorted ordinally.</summary>
    public IReadOnlyList<string> IndexTerms => _indexTerms;

    /// <summary>How many products hold each of <see cref="IndexTerms"/>, in the same order.</summary>
    public IReadOnlyList<int> IndexDocuments => _indexDocuments;

    /// <summary>
    /// Every indexed term starting with <paramref name="stem"/> (digits too), if there are at most <paramref name="max"/>; otherwise null.
    /// </summary>
    public string[]? Completions(string stem, int max)
    {
        var from = Array.BinarySearch(_indexTerms, stem, StringComparer.Ordinal);
        if (from < 0) from = ~from;
        var to = from;
        while (to < _indexTerms.Length && _indexTerms[to].StartsWith(stem, StringComparison.Ordinal))
        {
            if (++to - from > max) return null;
        }
        return _indexTerms[from..to];
    }

    /// <summary>
    /// How many products hold a term starting with <paramref name="stem"/>, at most (one holding two of them counts twice).
    /// </summary>
    public long DocumentsStartingWith(string stem)
    {
        var from = Array.BinarySearch(_indexTerms, stem, StringComparer.Ordinal);
        if (from < 0) from = ~from;
        var documents = 0L;
        for (var i = from; i < _indexTerms.Length && _indexTerms[i].StartsWith(stem, StringComparison.Ordinal); i++) documents += _indexDocuments[i];
        return documents;
    }

    /// <summary>How many distinct words (without digits) the catalogue uses.</summary>
    public int Count => _terms.Length;

    /// <summary>Every word, in ordinal order, with its document count.</summary>
    public IEnumerable<(string Term, int Documents)> Terms => _terms.Select((t, i) => (t, _documents[i]));

    /// <summary>Entries in the delete index (a measure of its memory: 12 bytes each).</summary>
    public int IndexEntries => _deleteHashes.Length;

    public bool Contains(string word) => Array.BinarySearch(_terms, word, StringComparer.Ordinal) >= 0;

    /// <summary>Whether the index holds this term, digits and all ("16", "5g", "h829").</summary>
    public bool IsIndexed(string term) => Array.BinarySearch(_indexTerms, term, StringComparer.Ordinal) >= 0;

    /// <summary>How many products hold <paramref name="word"/> (0 when none does).</summary>
    public int Documents(string word)
    {
        var i = Array.BinarySearch(_terms, word, StringComparer.Ordinal);
        return i >= 0 ? _documents[i] : 0;
    }

    /// <summary>True when some word starts with <paramref name="prefix"/> (itself included).</summary>
    public bool HasWordStartingWith(string prefix)
    {
        var i = LowerBound(prefix);
        return i < _terms.Length && _terms[i].StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The word nearest to <paramref name="word"/> within <paramref name="maxEdits"/> edits (insert, delete, replace,
    /// swap two neighbours): fewest edits first, then the word more products hold. Null when none is that close.
    /// </summary>
    public (string Word, int Edits)? Nearest(string word, int maxEdits) => Nearest(word, maxEdits, 1) is [var best] ? best : null;

    /// <summary>
    /// Up to <paramref name="count"/> words within <paramref name="maxEdits"/> of <paramref name="word"/>, best first:
    /// fewer edits, then one that keeps every letter typed (<see cref="DropsATypedLetter"/>), then the word more products
    /// hold. Several let a search keep the one that fits the other words ("garden bnch": "bench" before the commoner "inch").
    /// </summary>
    public IReadOnlyList<(string Word, int Edits)> Nearest(string word, int maxEdits, int count)
    {
        maxEdits = Math.Min(maxEdits, MaxEdits);
        if (maxEdits <= 0 || _terms.Length == 0 || count <= 0) return [];
        var variants = new HashSet<ulong>();
        Deletes(word, maxEdits, variants);
        var found = new Dictionary<int, int>();
        foreach (var hash in variants)
        {
            for (var at = LowerBound(_deleteHashes, hash); at < _deleteHashes.Length && _deleteHashes[at] == hash; at++)
            {
                var term = _deleteTerms[at];
                if (found.ContainsKey(term)) continue;
                var edits = Edits(word, _terms[term], maxEdits);
                if (edits <= maxEdits) found[term] = edits;
            }
        }
        var ranked = found.Keys.ToList();
        ranked.Sort((a, b) => found[a] != found[b] ? found[a].CompareTo(found[b])
            : DropsATypedLetter(word, _terms[a]) != DropsATypedLetter(word, _terms[b]) ? (DropsATypedLetter(word, _terms[a]) ? 1 : -1)
            : Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
        return [.. ranked.Take(count).Select(t => (_terms[t], found[t]))];
    }

    /// <summary>
    /// The most common word that starts with <paramref name="prefix"/> ("dollho": "dollhouse"), or the catalogue's
    /// shorter word it begins with ("backpa": "backpack", not the commoner "backpacking"); null when none starts so.
    /// </summary>
    public string? Completion(string prefix)
    {
        var best = Commonest(prefix, -1);
        if (best < 0) return null;
        // Sorted, a word comes before the longer words it begins.
        for (var i = LowerBound(prefix); i < best; i++)
        {
            if (_terms[best].StartsWith(_terms[i], StringComparison.Ordinal)) return _terms[i];
        }
        return _terms[best];
    }

    // The commonest of the first terms starting with prefix, or than (a term's position, -1 for none) if it is commoner.
    private int Commonest(string prefix, int than)
    {
        var from = LowerBound(prefix);
        for (var i = from; i < _terms.Length && i - from < MaxCompletionsScanned && _terms[i].StartsWith(prefix, StringComparison.Ordinal); i++)
        {
            if (Better(i, than)) than = i;
        }
        return than;
    }

    /// <summary>
    /// For a word still being typed: the most common word that starts with <paramref name="prefix"/> after one edit
    /// ("headphn" -> "headph..." -> "headphones"). Null when no one-edit variant starts any word.
    /// </summary>
    public string? NearestCompletion(string prefix)
    {
        var best = -1;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in OneEditVariants(prefix))
        {
            if (variant.Length == 0 || !tried.Add(variant)) continue;
            best = Commonest(variant, best);
        }
        return best < 0 ? null : _terms[best];
    }

    /// <summary>
    /// Whether <paramref name="correction"/> is shorter than <paramref name="typed"/>, with no letter typed twice in a row:
    /// it takes a letter out that the shopper pressed on purpose. "cleanr" and "blendr" were corrected to the commoner
    /// "clean" and "blend" (an outside review), where a letter left out ("cleaner", "blender") is the likelier slip; a
    /// doubled letter ("laptopp") is a key held too long, and taking it out is as likely as any other edit.
    /// </summary>
    internal static bool DropsATypedLetter(string typed, string correction)
    {
        if (correction.Length >= typed.Length) return false;
        for (var i = 1; i < typed.Length; i++)
        {
            if (typed[i] == typed[i - 1]) return false;
        }
        return true;
    }

    private bool Better(int term, int than) =>
        than < 0 || _documents[term] > _documents[than] || (_documents[term] == _documents[than] && string.CompareOrdinal(_terms[term], _terms[than]) < 0);

    private IEnumerable<string> OneEditVariants(string word)
    {
        for (var i = 0; i < word.Length; i++) yield return word.Remove(i, 1);
        for (var i = 0; i + 1 < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), [word[i + 1], word[i]], word.AsSpan(i + 2));
        foreach (var c in _alphabet)
        {
            for (var i = 0; i < word.Length; i++) if (word[i] != c) yield return string.Concat(word.AsSpan(0, i), [c], word.AsSpan(i + 1));
            for (var i = 0; i <= word.Length; i++) yield return word.Insert(i, c.ToString());
        }
    }

    private int LowerBound(string prefix)
    {
        var (lo, hi) = (0, _terms.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(_terms[mid], prefix) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static int LowerBound(ulong[] values, ulong value)
    {
        var (lo, hi) = (0, values.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (values[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Symmetric delete: two words within k edits share a string reached by deleting at most k letters from each, so
    /// the index holds every term's deletions and a lookup hashes the typed word's. Hashes, not strings, keep it small;
    /// a collision only adds a candidate that <see cref="Edits"/> then rejects.
    /// </summary>
    private static void Deletes(string word, int depth, HashSet<ulong> into)
    {
        Span<char> buffer = stackalloc char[word.Length];
        word.AsSpan().CopyTo(buffer);
        into.Add(Hash(buffer));
        Delete(buffer, depth, 0, into);

        static void Delete(ReadOnlySpan<char> word, int depth, int from, HashSet<ulong> into)
        {
            if (depth == 0 || word.Length <= 1) return;
            Span<char> shorter = stackalloc char[word.Length - 1];
            for (var i = from; i < word.Length; i++)
            {
                word[..i].CopyTo(shorter);
                word[(i + 1)..].CopyTo(shorter[i..]);
                into.Add(Hash(shorter));
                Delete(shorter, depth - 1, i, into);
            }
        }
    }

    // FNV-1a over the UTF-16 code units.
    private static ulong Hash(ReadOnlySpan<char> text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Optimal string alignment distance (Levenshtein plus swapping two neighbours), or more than <paramref name="max"/> when it exceeds it.</summary>
    internal static int Edits(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var d = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = Math.Min(d, previous2[j - 2] + 1);
                current[j] = d;
                rowMin = Math.Min(rowMin, d);
            }
            if (rowMin > max) return max + 1;
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
