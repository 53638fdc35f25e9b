namespace WebApp.Search;

/// <summary>
/// English words of four letters or more (<c>english-words.txt</c>, SCOWL's American list as Debian ships it): a word
/// the shopper typed that is one of them is no typo, however near a catalogue word it is. "hose" became "house" and
/// showed coffee, "fork" became "for" and showed all 10,000 products, "shelf" became "shell" (an outside review): the
/// catalogue's vocabulary alone cannot tell a slip from a real word it lacks.
/// <para>Packed: the 72,000 words as one array of their letters, sorted, searched by halves (~1 MB, where a set of
/// strings was ~4 MB of the working set's 400 MiB budget).</para>
/// </summary>
public static class EnglishWords
{
    private static readonly Lazy<(byte[] Letters, int[] Starts)> s_words = new(Load);

    /// <summary>Whether <paramref name="word"/> (lower case) is an English word; false for anything shorter than four letters.</summary>
    public static bool Contains(string word) => Contains(word.AsSpan());

    /// <summary>As <see cref="Contains(string)"/>, for a word not yet a string (the spelling's one-edit variants).</summary>
    public static bool Contains(ReadOnlySpan<char> word)
    {
        if (word.Length < 4 || word.Length > 64 || word.ContainsAnyExcept(LowerLetters)) return false;
        Span<byte> wanted = stackalloc byte[word.Length];
        for (var i = 0; i < word.Length; i++) wanted[i] = (byte)word[i];
        var (letters, starts) = s_words.Value;
        var (lo, hi) = (0, starts.Length - 1);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var order = letters.AsSpan(starts[mid], starts[mid + 1] - starts[mid]).SequenceCompareTo(wanted);
            if (order == 0) return true;
            if (order < 0) lo = mid + 1;
            else hi = mid;
        }
        return false;
    }

    private static readonly System.Buffers.SearchValues<char> LowerLetters = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz");

    private static (byte[], int[]) Load()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream("WebApp.Search.english-words.txt")
            ?? throw new InvalidOperationException("The English word list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(75_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#') words.Add(line);
        }
        words.Sort(StringComparer.Ordinal);
        var letters = new byte[words.Sum(w => w.Length)];
        var starts = new int[words.Count + 1];   // word i is letters[starts[i]..starts[i + 1]]
        var at = 0;
        for (var i = 0; i < words.Count; i++)
        {
            starts[i] = at;
            foreach (var c in words[i]) letters[at++] = (byte)c;
        }
        starts[^1] = at;
        return (letters, starts);
    }
}
