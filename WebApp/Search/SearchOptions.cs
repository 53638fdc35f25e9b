namespace WebApp.Search;

public sealed class SearchOptions
{
    /// <summary>
    /// Memory for cached search answers, in MB. Entries are weighed by what they hold (an answer about 2 KB), so the
    /// limit bounds memory, not a count.
    /// </summary>
    public int CacheMegabytes { get; set; } = 16;

    /// <summary>
    /// Memory for cached lists of matching ids, in MB, apart from answers so distinct answers cannot push them out. A
    /// common word's 10,000 newest matches pack into ~10 KB (<see cref="PackedIds"/>), so 16 MB holds well over a
    /// thousand words' lists.
    /// </summary>
    public int MatchCacheMegabytes { get; set; } = 16;

    /// <summary>An upper bound on an answer's life; the catalogue version already keeps answers from going stale.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Scans of at least this many candidates (a department browse) are split across the cores.</summary>
    public int ParallelScanFrom { get; set; } = 50_000;

    /// <summary>Product tiles remembered (name, slug, brand; about 400 bytes each): enough for every tile of a few hundred recent searches.</summary>
    public long CardEntries { get; set; } = 20_000;

    /// <summary>
    /// A 2-letter prefix in at least this many products may be kept as a bitmap of its products
    /// (<see cref="PhraseBitmaps"/>), so an AND with it tests ids in memory instead of walking its doclist.
    /// </summary>
    public long BitmapFrom { get; set; } = 20_000;

    /// <summary>
    /// Memory for those bitmaps, in MB (one is products / 8 bytes: 125 KB at 1M, so 8 MB holds the 64 commonest 2-letter
    /// prefixes at 1M, 12 at 5M); 0 keeps none. Measured at 1M on 150 word + 2-letter prefix searches: p50 4.2 -> 2.5 ms,
    /// p95 10.8 -> 6.2 ms (README "Benchmark").
    /// </summary>
    public int BitmapMegabytes { get; set; } = 8;

    /// <summary>
    /// How long after a catalogue change the spelling vocabulary is rebuilt (changes meanwhile share the rebuild): the
    /// longest a new word waits, plus one rebuild, before searches can be corrected to it.
    /// </summary>
    public TimeSpan VocabularyDelay { get; set; } = TimeSpan.FromSeconds(2);
}
