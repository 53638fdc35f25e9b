namespace WebApp.Search;

public sealed class SearchOptions
{
    /// <summary>
    /// Memory for cached search answers, in MB. Entries are weighed by what they hold (an answer about 2 KB), so the
    /// limit bounds memory, not a count.
    /// </summary>
    public int CacheMegabytes { get; set; } = 12;

    /// <summary>
    /// Memory for cached lists of matching ids, in MB, apart from answers so distinct answers cannot push them out. A
    /// common word's 10,000 newest matches pack into ~10 KB (<see cref="PackedIds"/>), so 16 MB holds well over a
    /// thousand words' lists.
    /// </summary>
    public int MatchCacheMegabytes { get; set; } = 4;

    /// <summary>An upper bound on an answer's life; the catalogue version already keeps answers from going stale.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Scans of at least this many candidates (a department browse) are split across the cores.</summary>
    public int ParallelScanFrom { get; set; } = 50_000;

    /// <summary>
    /// Slots for remembered product tiles (name, slug, brand; about 400 bytes each): enough for every tile of a few hundred
    /// recent searches. 0 remembers none. 10,000 rather than 20,000 since session 28 (4 MB back, at the 400 MiB bound
    /// with full caches at 1M); the tiles of a page not remembered are read together, one query by id.
    /// </summary>
    public long CardEntries { get; set; } = 10_000;

    /// <summary>
    /// A 2-letter prefix in at least this many products may be kept as a bitmap of its products
    /// (<see cref="PhraseBitmaps"/>), so an AND with it tests ids in memory instead of walking its doclist.
    /// </summary>
    public long BitmapFrom { get; set; } = 20_000;

    /// <summary>
    /// How many of the commonest 2-letter prefixes, and half as many 3-letter ones, get a bitmap; 0 keeps none. A count rather
    /// than a budget, so a larger catalogue keeps the same prefixes fast: a bitmap is products / 8 bytes, so 64 take 8 MB
    /// at 1M and 40 MB at 5M. Measured at 1M on 150 word + 2-letter prefix searches: none against 64, p50 4.2 -> 2.5 ms,
    /// p95 10.8 -> 6.2 ms; at 5M (seed 7), 12 prefixes (the old 8 MB budget) against 64: that kind's p95 25.8 -> 14.6 ms
    /// (README "Benchmark"). 3-letter ones since session 21 (64 of them): word + 3-letter prefix p95 at 1M 7.4-9.3 -> 5.5 ms.
    /// </summary>
    public int BitmapPrefixes { get; set; } = 64;

    /// <summary>
    /// How many of the commonest words (in at least <see cref="BitmapFrom"/> products; never a word searches leave out,
    /// such as "the") also get a bitmap; 0 keeps none.
    /// A word that common costs FTS5 milliseconds to list (a whole list of 90,000 ids about 10 ms at 1M), and an AND or
    /// a single-word search with it was the slowest searches of a fresh store; as a bitmap it is an array test. 64 take
    /// 8 MB at 1M and 40 MB at 5M, within <see cref="BitmapMegabytes"/> with the prefixes'.
    /// </summary>
    public int BitmapWords { get; set; } = 64;

    /// <summary>
    /// Memory, in MB per million products (this much up to 1M), for every product of each word without a bitmap,
    /// commonest first (a list packs to 1-2 bytes an id; 16 MB holds every word in at least ~4,800 products at 1M); 0 keeps none. Loaded with the bitmaps, for one
    /// state of the index. An AND of words, or a word alone, whose lists are held reads nothing from FTS5: two random
    /// words were two ANDs and two lists read from FTS5 per search (2-8 ms at 1M), each of a word seen first.
    /// </summary>
    public int WordListMegabytes { get; set; } = 20;

    /// <summary>
    /// How many product ids the kept sorted lists of category pages may hold together (<see cref="ListingOrders"/>; 4
    /// bytes each): 8 million is 32 MB, every department and leaf in all three orders at 1M. Past it the list used
    /// longest ago is dropped, and sorted again if it is asked for (~10 ms for a department at 1M).
    /// </summary>
    public long ListingOrderIds { get; set; } = 8_000_000;

    /// <summary>The most memory the bitmaps (prefixes' and words') may take, in MB; 0 keeps none. 128 MB holds all 160 up to 6M products.</summary>
    public int BitmapMegabytes { get; set; } = 128;

    /// <summary>
    /// How long after a catalogue change the spelling vocabulary is rebuilt (changes meanwhile share the rebuild): the
    /// longest a new word waits, plus one rebuild, before searches can be corrected to it.
    /// </summary>
    public TimeSpan VocabularyDelay { get; set; } = TimeSpan.FromSeconds(2);
}
