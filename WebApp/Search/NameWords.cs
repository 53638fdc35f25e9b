using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace WebApp.Search;

/// <summary>
/// The words of every product's name, in memory, as small numbers: what relevance needs to know about a match
/// (<see cref="FieldRanking"/>) without asking FTS5 for each row's instances. Asking FTS5 cost more than finding the
/// matches: bm25 over 2,000 matches, or a second walk of the matches restricted to the name column, was most of a
/// two-word or word + prefix search. Here it is a scan of a few numbers per candidate.
/// <para>Words are split and folded as the index's tokenizer does (letters and digits, lower case, accents removed), so
/// "Sauté" in a name is the word "saute". The vocabulary is sorted when loaded, so a prefix is a range of numbers;
/// words first seen later (an edit, an import) are numbered after it and compared as text.</para>
/// <para>About 2 bytes a word plus 4 a product: ~16 MB at 1M products. Names loaded at startup never change in place;
/// a product saved later gets its own entry, which wins.</para>
/// </summary>
public sealed class NameWords
{
    private readonly Lock _write = new();
    private readonly ConcurrentDictionary<string, int> _ids = new(StringComparer.Ordinal);
    private volatile string[] _words = [];
    private volatile int _wordCount;
    private int _sorted;

    // Loaded names: product id -> [Start[id], Start[id + 1]) in Tokens. Names with words beyond ushort go to _changed.
    private volatile LoadedNames _loaded = new([0], [], []);

    // Changed marks the loaded products with an entry in _changed, so the common case costs no dictionary lookup.
    private sealed record LoadedNames(int[] Start, ushort[] Tokens, long[] Changed);
    private readonly ConcurrentDictionary<int, int[]> _changed = new();

    /// <summary>Collects every product's name at startup, in ascending id order; <see cref="Builder.Complete"/> replaces what was loaded before.</summary>
    public Builder Load(int maxId) => new(this, maxId);

    public sealed class Builder(NameWords target, int maxId)
    {
        private readonly Dictionary<string, ushort> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _words = [];
        private readonly int[] _start = new int[maxId + 2];
        // Saved after the load instead: products out of id order, and names with a word beyond the 65,536 numbered here.
        private readonly Dictionary<int, string> _later = [];
        private readonly List<string> _buffer = new(16);
        private ushort[] _tokens = new ushort[Math.Max(16, maxId * 6)];
        private int _length;
        private int _next;

        public void Add(int id, string name)
        {
            if (id < _next || id > maxId)
            {
                _later[id] = name;
                return;
            }
            for (; _next <= id; _next++) _start[_next] = _length;
            _buffer.Clear();
            Split(name, _buffer);
            if (_length + _buffer.Count > _tokens.Length) Array.Resize(ref _tokens, _tokens.Length * 2);
            var at = _length;
            foreach (var word in _buffer)
            {
                if (!_ids.TryGetValue(word, out var n))
                {
                    if (_words.Count > ushort.MaxValue)
                    {
                        _length = at;
                        _later[id] = name;
                        return;
                    }
                    _ids[word] = n = (ushort)_words.Count;
                    _words.Add(word);
                }
                _tokens[_length++] = n;
            }
        }

        public void Complete()
        {
            for (; _next < _start.Length; _next++) _start[_next] = _length;
            // Numbered again in sorted order, so the words starting with a prefix are one range.
            var sorted = _words.ToArray();
            Array.Sort(sorted, StringComparer.Ordinal);
            var renumber = new ushort[sorted.Length];
            for (var i = 0; i < sorted.Length; i++) renumber[_ids[sorted[i]]] = (ushort)i;
            for (var t = 0; t < _length; t++) _tokens[t] = renumber[_tokens[t]];
            target.Install(sorted, _start, _tokens.Length == _length ? _tokens : _tokens[.._length]);
            foreach (var (id, name) in _later) target.Set(id, name);
        }
    }

    private void Install(string[] sorted, int[] start, ushort[] tokens)
    {
        var ranges = RangesIn(sorted, start, tokens);
        lock (_write)
        {
            _rangeUnits = ranges;
            _ids.Clear();
            for (var i = 0; i < sorted.Length; i++) _ids[sorted[i]] = i;
            _words = sorted;
            _wordCount = sorted.Length;
            Volatile.Write(ref _sorted, sorted.Length);
            _changed.Clear();
            _loaded = new LoadedNames(start, tokens, new long[(start.Length >> 6) + 1]);
        }
    }

    /// <summary>A product saved after the load: its name from now on.</summary>
    public void Set(int id, string name)
    {
        var buffer = new List<string>(16);
        Split(name, buffer);
        lock (_write)
        {
            var numbers = new int[buffer.Count];
            for (var i = 0; i < buffer.Count; i++) numbers[i] = NumberLocked(buffer[i]);
            // Every order re-reads its products: an unchanged name keeps the loaded entry rather than adding one.
            var loaded = Tokens(id, out var saved);
            if (saved is not null ? saved.AsSpan().SequenceEqual(numbers) : loaded.Length == numbers.Length && Same(loaded, numbers)) return;
            SetLocked(id, numbers);
        }
    }

    private void SetLocked(int id, int[] numbers)
    {
        for (var k = 2; k < numbers.Length; k++)
        {
            // Copied, not changed: searches read the set without the lock.
            if (IsRange(CountOf(_words[numbers[k - 2]]), CountOf(_words[numbers[k - 1]])) && !_rangeUnits.Contains(_words[numbers[k]]))
            {
                _rangeUnits = new HashSet<string>(_rangeUnits, StringComparer.Ordinal) { _words[numbers[k]] };
            }
        }
        _changed[id] = numbers;
        var changed = _loaded.Changed;
        if ((uint)(id >> 6) < (uint)changed.Length) Interlocked.Or(ref changed[id >> 6], 1L << (id & 63));
    }

    private static bool Same(ReadOnlySpan<ushort> loaded, int[] numbers)
    {
        for (var i = 0; i < loaded.Length; i++)
        {
            if (loaded[i] != numbers[i]) return false;
        }
        return true;
    }

    private int NumberLocked(string word)
    {
        if (_ids.TryGetValue(word, out var n)) return n;
        var words = _words;
        if (_wordCount == words.Length)
        {
            var grown = new string[Math.Max(16, words.Length + words.Length / 4)];
            Array.Copy(words, grown, _wordCount);
            _words = words = grown;
        }
        n = _wordCount;
        words[n] = word;
        _wordCount = n + 1;
        _ids[word] = n;
        return n;
    }

    /// <summary>The words of a product's name as numbers: as loaded, or (<paramref name="saved"/>, not null) as saved since.</summary>
    private ReadOnlySpan<ushort> Tokens(int id, out int[]? saved)
    {
        var (start, tokens, changed) = _loaded;
        if ((uint)(id + 1) >= (uint)start.Length)
        {
            _changed.TryGetValue(id, out saved);   // a product added since the load
            return [];
        }
        if ((changed[id >> 6] & (1L << (id & 63))) != 0 && _changed.TryGetValue(id, out saved)) return [];
        saved = null;
        return tokens.AsSpan(start[id], start[id + 1] - start[id]);
    }

    // The words some name writes a range of counts before ("2-4 Players": "players"), for CountTest.
    private volatile HashSet<string> _rangeUnits = new(StringComparer.Ordinal);

    /// <summary>Whether some product's name writes a range of counts before <paramref name="word"/> ("2-4 Players").</summary>
    public bool WritesRangesBefore(string word) => _rangeUnits.Contains(word);

    /// <summary>The words some name writes a range of counts before that start with <paramref name="prefix"/> (a word still being typed).</summary>
    public string[] RangeWordsStartingWith(string prefix) => [.. _rangeUnits.Where(u => u.StartsWith(prefix, StringComparison.Ordinal))];

    private static HashSet<string> RangesIn(string[] words, int[] start, ushort[] tokens)
    {
        var counts = Array.ConvertAll(words, CountOf);
        var units = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 0; id + 1 < start.Length; id++)
        {
            for (var k = start[id] + 2; k < start[id + 1]; k++)
            {
                if (IsRange(counts[tokens[k - 2]], counts[tokens[k - 1]])) units.Add(words[tokens[k]]);
            }
        }
        return units;
    }

    // A count as a name writes one: one to three digits ("2", "12"), not a thousands group (",500").
    private static int CountOf(string word) => word.Length is >= 1 and <= 3 && word.All(char.IsAsciiDigit) ? int.Parse(word, CultureInfo.InvariantCulture) : -1;

    // "2-4" as the index reads it, "2" and "4": two counts, the first the smaller. "1,500" is "1" and ",500", no range.
    private static bool IsRange(int from, int to) => from >= 0 && to > from;

    /// <summary>
    /// A test for a count before a word (<paramref name="units"/>, the word in each number the catalogue has), alone ("4
    /// Players") or within a range ("2-6 Players", which the index reads as "2 6 players").
    /// </summary>
    public CountTest Count(int count, string[] units) => new(this, count, [.. units.Select(u => _ids.TryGetValue(u, out var n) ? n : -1).Where(n => n >= 0)]);

    public sealed class CountTest(NameWords names, int count, int[] units)
    {
        /// <summary>Whether the product's name has the count before one of the words, alone or within a range.</summary>
        public bool In(int productId)
        {
            var loaded = names.Tokens(productId, out var saved);
            var length = saved?.Length ?? loaded.Length;
            for (var k = 1; k < length; k++)
            {
                if (Array.IndexOf(units, saved?[k] ?? loaded[k]) < 0) continue;
                var before = names.CountAt(saved?[k - 1] ?? loaded[k - 1]);
                var first = k >= 2 ? names.CountAt(saved?[k - 2] ?? loaded[k - 2]) : -1;
                if (IsRange(first, before) ? first <= count && count <= before : before == count) return true;
            }
            return false;
        }
    }

    private int CountAt(int number)
    {
        var words = _words;
        return (uint)number < (uint)words.Length && words[number] is { } word ? CountOf(word) : -1;
    }

    /// <summary>A test for one query word (or, with <paramref name="prefix"/>, every word starting with it).</summary>
    public WordTest Test(string word, bool prefix)
    {
        var folded = Fold(word);
        if (!prefix) return _ids.TryGetValue(folded, out var n) ? new WordTest(this, n, n + 1, null, null) : new WordTest(this, 0, 0, null, null);
        var words = _words;
        var sorted = Volatile.Read(ref _sorted);
        var lo = LowerBound(words, sorted, folded);
        var hi = lo;
        while (hi < sorted && words[hi].StartsWith(folded, StringComparison.Ordinal)) hi++;
        HashSet<int>? later = null;
        var count = _wordCount;
        for (var i = sorted; i < count; i++)
        {
            if (words[i] is { } w && w.StartsWith(folded, StringComparison.Ordinal)) (later ??= []).Add(i);
        }
        return new WordTest(this, lo, hi, later, null);
    }

    /// <summary>
    /// For each id, a bit per test (bit i for <paramref name="tests"/>[i]) that its name passes. The names of
    /// candidates a few ahead are asked of the memory system while this one is tested: scattered ids are each a
    /// cache miss otherwise, and waiting for them one at a time was most of the cost.
    /// </summary>
    public unsafe void Mark(WordTest[] tests, ReadOnlySpan<int> ids, Span<int> bits)
    {
        var (start, tokens, changed) = _loaded;
        // Words and prefixes of the loaded names (nearly every search) are ranges of word numbers: each name's words
        // are read once and compared with every range, where a test at a time read each name once per word (a two-word
        // search marks 10,000 names).
        var ranges = tests.Length <= 16 && Array.TrueForAll(tests, t => t.IsRangeOver(start));
        Span<int> lows = stackalloc int[ranges ? tests.Length : 0];
        Span<uint> widths = stackalloc uint[ranges ? tests.Length : 0];
        for (var t = 0; t < lows.Length; t++) (lows[t], widths[t]) = tests[t].Range;
        var prefetch = System.Runtime.Intrinsics.X86.Sse.IsSupported;
        for (var p = 0; p < ids.Length; p++)
        {
            if (prefetch && p + 16 < ids.Length && (uint)ids[p + 16] < (uint)start.Length)
            {
                fixed (int* at = &start[ids[p + 16]]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(at);
            }
            if (prefetch && p + 8 < ids.Length && (uint)ids[p + 8] < (uint)start.Length && (uint)start[ids[p + 8]] < (uint)tokens.Length)
            {
                fixed (ushort* at = &tokens[start[ids[p + 8]]]) System.Runtime.Intrinsics.X86.Sse.Prefetch0(at);
            }
            var id = ids[p];
            var b = 0;
            if (ranges && (uint)(id + 1) < (uint)start.Length && (changed[id >> 6] & (1L << (id & 63))) == 0)
            {
                for (var k = start[id]; k < start[id + 1]; k++)
                {
                    var token = tokens[k];
                    for (var t = 0; t < lows.Length; t++) b |= (uint)(token - lows[t]) < widths[t] ? 1 << t : 0;
                }
            }
            else
            {
                // A product saved since the load, or a phrase or a prefix of words first seen since.
                for (var t = 0; t < tests.Length; t++)
                {
                    if (tests[t].In(id)) b |= 1 << t;
                }
            }
            bits[p] = b;
        }
    }

    /// <summary>
    /// A test for a quoted phrase: its words, one after the other. A group of three digits after a number ("1 000", as
    /// <see cref="Spelling.Grouped"/> writes "1000") is also the name's group after a thousands comma ("1,000").
    /// </summary>
    public WordTest Phrase(string phrase)
    {
        var parts = new List<string>();
        Split(phrase, parts);
        int Id(string word) => _ids.TryGetValue(word, out var n) ? n : -1;
        var groups = parts.Select((p, i) => i > 0 && p.Length == 3 && p.All(char.IsAsciiDigit) && parts[i - 1].All(char.IsAsciiDigit) ? Id(GroupMark + p) : -1);
        return new WordTest(this, 0, 0, null, [.. parts.Select(Id)], [.. groups]);
    }

    private static int LowerBound(string[] words, int count, string value)
    {
        int lo = 0, hi = count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(words[mid], value) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>A query word, prefix or phrase, ready to test against any product's name.</summary>
    public sealed class WordTest
    {
        private readonly int[] _start;
        private readonly ushort[] _tokens;
        private readonly long[] _changedBits;
        private readonly ConcurrentDictionary<int, int[]> _changed;
        private readonly int _lo;         // words [_lo, _lo + _width) pass: one word, or a prefix's sorted range
        private readonly uint _width;
        private readonly HashSet<int>? _later;
        private readonly int[]? _phrase;  // or these words in a row; -1 for a word no name has
        private readonly int[]? _grouped; // per word of the phrase, what else passes there (a thousands group), or -1

        internal WordTest(NameWords names, int lo, int hi, HashSet<int>? later, int[]? phrase, int[]? grouped = null)
        {
            _grouped = grouped;
            // The arrays as they are now, held for this search: the loop below reads fields, not the shared state.
            (_start, _tokens, _changedBits) = names._loaded;
            _changed = names._changed;
            (_lo, _width, _later, _phrase) = (lo, (uint)Math.Max(0, hi - lo), later, phrase);
        }

        /// <summary>Whether this is one range of word numbers over these loaded names (a word, or a prefix of loaded words).</summary>
        internal bool IsRangeOver(int[] start) => _phrase is null && _later is null && ReferenceEquals(_start, start);

        /// <summary>The range of word numbers that pass: from <c>Lo</c>, <c>Width</c> of them.</summary>
        internal (int Lo, uint Width) Range => (_lo, _width);

        /// <summary>Whether the product's name holds the word (or a word with the prefix, or the phrase).</summary>
        public bool In(int productId)
        {
            var start = _start;
            int[]? saved = null;
            if ((uint)(productId + 1) >= (uint)start.Length || (_changedBits[productId >> 6] & (1L << (productId & 63))) != 0)
            {
                if (!_changed.TryGetValue(productId, out saved)) return false;
            }
            if (_phrase is not null || _later is not null) return Slow(productId, saved);
            if (saved is not null)
            {
                foreach (var n in saved) if ((uint)(n - _lo) < _width) return true;
                return false;
            }
            var tokens = _tokens;
            var lo = _lo;
            var width = _width;
            for (var k = start[productId]; k < start[productId + 1]; k++)
            {
                if ((uint)(tokens[k] - lo) < width) return true;
            }
            return false;
        }

        // Phrases, and prefixes of words first seen after the load: rare enough to be allowed a copy.
        private bool Slow(int productId, int[]? saved)
        {
            // Copied onto the stack: a unit side by side (ProductSearch) tests every match of a search's words.
            var length = saved?.Length ?? _start[productId + 1] - _start[productId];
            Span<int> words = length <= 256 ? stackalloc int[length] : new int[length];
            if (saved is not null) saved.CopyTo(words);
            else for (var i = 0; i < length; i++) words[i] = _tokens[_start[productId] + i];
            if (_phrase is null)
            {
                foreach (var n in words) if ((uint)(n - _lo) < _width || _later!.Contains(n)) return true;
                return false;
            }
            if (_phrase.Length == 0 || _phrase[0] < 0) return false;
            for (var i = 0; i + _phrase.Length <= words.Length; i++)
            {
                var k = 0;
                while (k < _phrase.Length && (words[i + k] == _phrase[k] || (_grouped is not null && words[i + k] == _grouped[k]))) k++;
                if (k == _phrase.Length) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// The index's words of a text: runs of letters and digits, lower case, accents removed. A group of three digits
    /// after a thousands comma ("500" of "1,500") is the word ",500": the index holds it as "500", so "jigsaw 500"
    /// matches the 1,500-piece jigsaws too, but their names do not have the 500 asked for and rank after those that do
    /// (a review, session 38). It sorts before every digit, so no typed prefix's range holds it either.
    /// </summary>
    public static void Split(string text, List<string> into)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var wordChar = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark);
            if (wordChar && start < 0) start = i;
            else if (!wordChar && start >= 0)
            {
                into.Add(IsThousandsGroup(text, start, i) ? GroupMark + text[start..i] : Fold(text[start..i]));
                start = -1;
            }
        }
    }

    /// <summary>What a name's group of three after a thousands comma starts with as a word (<see cref="Split"/>).</summary>
    public const char GroupMark = ',';

    private static bool IsThousandsGroup(string text, int start, int end) =>
        end - start == 3 && start >= 2 && text[start - 1] == ',' && char.IsAsciiDigit(text[start - 2])
        && char.IsAsciiDigit(text[start]) && char.IsAsciiDigit(text[start + 1]) && char.IsAsciiDigit(text[start + 2]);

    /// <summary>Lower case without accents ("Sauté" -> "saute"), as the index's remove_diacritics folds them.</summary>
    public static string Fold(string word)
    {
        var ascii = true;
        foreach (var c in word)
        {
            if (c >= 128 || char.IsAsciiLetterUpper(c))
            {
                ascii = false;
                break;
            }
        }
        if (ascii) return word;
        var decomposed = word.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}
