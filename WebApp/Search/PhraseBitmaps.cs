using System.Data.Common;
using System.Numerics;
using Microsoft.Extensions.Options;

namespace WebApp.Search;

/// <summary>
/// The products of the commonest 2-letter prefixes (<c>"fo"*</c> is in every product: "for") and of the commonest
/// words (<c>"garden"</c>, in 9% of products) as bitmaps over the rowids, so an AND with them reads only its rarer
/// phrases from FTS5 and tests each id in memory, and a search of such a word alone lists its newest ids from the
/// bitmap. FTS5 answers an AND with a 2-letter prefix by stepping through the prefix's doclist once per match, and a
/// common word's doclist costs milliseconds to read (the whole list of a word in 90,000 products ~10 ms at 1M): those
/// were the slowest searches of a store whose caches were not yet full.
/// <para>Made in the background with the prefix counts (<see cref="TermIndex"/>), commonest first: the
/// <see cref="SearchOptions.BitmapPrefixes"/> commonest 2-letter prefixes (64), half as many 3-letter ones, and the
/// <see cref="SearchOptions.BitmapWords"/> commonest words (64), within <see cref="SearchOptions.BitmapMegabytes"/>
/// (128; one is products / 8 bytes: 125 KB at 1M, so 20 MB at 1M and 100 MB at 5M); never on a search's path, since
/// reading a doclist of half the catalogue costs more than the search it would save.</para>
/// <para>Every other word is held too, as a packed list of its products (<see cref="FindList"/>), commonest first
/// within <see cref="SearchOptions.WordListMegabytes"/> per million products, so an AND of words reads nothing from FTS5.</para>
/// <para>All of it belongs to one state of the index: after a change none is used until the next load.</para>
/// </summary>
public sealed class PhraseBitmaps(IOptions<SearchOptions> options)
{
    private sealed record Held(byte[] State, Dictionary<string, ulong[]> ByPhrase, long Bytes, Dictionary<string, PackedIds> Lists, long ListBytes);

    private volatile Held? _held;

    /// <summary>
    /// Whether any bitmap may be made (<see cref="SearchOptions.BitmapMegabytes"/> above 0, and
    /// <see cref="SearchOptions.BitmapPrefixes"/> or <see cref="SearchOptions.BitmapWords"/>).
    /// </summary>
    public bool Enabled => (options.Value.BitmapMegabytes > 0 && (options.Value.BitmapPrefixes > 0 || options.Value.BitmapWords > 0)) || options.Value.WordListMegabytes > 0;

    /// <summary>Bytes of bitmaps held now.</summary>
    public long Bytes => _held?.Bytes ?? 0;

    /// <summary>Bytes of word lists held now, and how many words they are.</summary>
    public (long Bytes, int Words) Lists => _held is { } held ? (held.ListBytes, held.Lists.Count) : (0, 0);

    /// <summary>
    /// Every product holding <paramref name="word"/> (an indexed term, in any column), newest first, for the index in
    /// <paramref name="state"/>; null when its list is not held (a word with a bitmap, one past the budget, or another state).
    /// </summary>
    public PackedIds? FindList(byte[] state, string word) =>
        _held is { } held && held.State.AsSpan().SequenceEqual(state) ? held.Lists.GetValueOrDefault(word) : null;

    /// <summary>The bitmap of <paramref name="phrase"/> (as written in an FTS5 expression) for the index in <paramref name="state"/>; null when none is held.</summary>
    public ulong[]? Find(byte[] state, string phrase) =>
        _held is { } held && held.State.AsSpan().SequenceEqual(state) ? held.ByPhrase.GetValueOrDefault(phrase) : null;

    /// <summary>
    /// Reads the bitmaps of the commonest 2-letter and 3-letter prefixes (phrases as an FTS5 expression writes them) and
    /// words (indexed terms), with document counts of the index in <paramref name="state"/>, within the budget; then the
    /// other words' lists, commonest first, within theirs; and then uses them instead of the ones held.
    /// </summary>
    public async Task LoadAsync(DbConnection connection, byte[] state, IEnumerable<(string Phrase, long Documents)> twoLetterPrefixes,
        IEnumerable<(string Phrase, long Documents)> threeLetterPrefixes, IReadOnlyCollection<(string Term, long Documents)> terms, CancellationToken ct)
    {
        var byPhrase = new Dictionary<string, ulong[]>(StringComparer.Ordinal);
        var o = options.Value;
        var budget = o.BitmapMegabytes > 0 && (o.BitmapPrefixes > 0 || o.BitmapWords > 0) ? o.BitmapMegabytes * (1L << 20) : 0;
        if (!Enabled)
        {
            _held = null;
            return;
        }
        // Not the words a search never requires ("the", "for"): each would be a bitmap or list no search reads.
        var searched = terms.Where(t => !SearchText.IsCommonWord(t.Term)).ToList();
        var words = searched.Select(t => (Phrase: TermIndex.Quote(t.Term), t.Documents));
        IEnumerable<(string Phrase, long Documents)> Commonest(IEnumerable<(string Phrase, long Documents)> phrases, int count) =>
            phrases.Where(p => p.Documents >= o.BitmapFrom).OrderByDescending(p => p.Documents).ThenBy(p => p.Phrase, StringComparer.Ordinal).Take(count);
        var chosen = Commonest(twoLetterPrefixes, o.BitmapPrefixes).Concat(Commonest(threeLetterPrefixes, ThreeLetterPrefixes(o))).Concat(Commonest(words, o.BitmapWords))
            .OrderByDescending(p => p.Documents).ThenBy(p => p.Phrase, StringComparer.Ordinal);
        var bytes = 0L;
        foreach (var (phrase, _) in budget > 0 ? chosen : Enumerable.Empty<(string Phrase, long Documents)>())
        {
            var bits = await ReadAsync(connection, phrase, ct);
            if (bytes + bits.Length * 8L > budget) break;
            byPhrase[phrase] = bits;
            bytes += bits.Length * 8L;
        }

        var lists = new Dictionary<string, PackedIds>(StringComparer.Ordinal);
        // Per million products: a word's list grows with the catalogue, so a fixed budget held ever fewer words, and at
        // 5M the words of a product's name were mostly read from FTS5 again (product-name searches' p95 31 -> 20 ms
        // of server time with the budget scaled; README "Benchmark", session 39).
        var listBudget = (long)(o.WordListMegabytes * (1L << 20) * Math.Max(1.0, await LargestIdAsync(connection, ct) / 1_000_000.0));
        var listBytes = 0L;
        var buffer = new List<int>();
        foreach (var (term, _) in searched.Where(t => listBudget > 0 && t.Documents > 0 && !byPhrase.ContainsKey(TermIndex.Quote(t.Term)))
            .OrderByDescending(t => t.Documents).ThenBy(t => t.Term, StringComparer.Ordinal))
        {
            await ReadIdsAsync(connection, TermIndex.Quote(term), buffer, ct);
            var list = PackedIds.Pack(buffer);
            // A dictionary entry, the key and the array's header besides the bytes.
            var cost = list.ByteCount + 2L * term.Length + 96;
            if (listBytes + cost > listBudget) break;
            lists[term] = list;
            listBytes += cost;
        }
        // Read while the index may have changed: kept only if everything is of the state it is labelled with.
        _held = (await TermIndex.StateAsync(connection, ct)).AsSpan().SequenceEqual(state) ? new Held(state, byPhrase, bytes, lists, listBytes) : null;
    }

    private const string NewestFirst = "SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH $match ORDER BY rowid DESC";

    private static async Task ReadIdsAsync(DbConnection connection, string phrase, List<int> into, CancellationToken ct)
    {
        into.Clear();
        await using var cmd = FullTextIndex.Command(connection, NewestFirst, phrase);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) into.Add((int)reader.GetInt64(0));
    }

    /// <summary>
    /// How many 3-letter prefixes get a bitmap: half as many as 2-letter ones. Within the 400 MiB a store at 1M keeps
    /// with full caches, the word lists bought more than the 3-letter prefixes ranked 33-64 (80,000-130,000 products each).
    /// </summary>
    internal static int ThreeLetterPrefixes(SearchOptions o) => o.BitmapPrefixes / 2;

    // Row by row rather than joined into one string by SQLite: a string of half a million ids is megabytes of garbage
    // on the large object heap for each bitmap, which the working set keeps long after.
    // The largest product id, as many products as a catalogue has had: the primary key's last entry, read at once.
    private static async Task<long> LargestIdAsync(DbConnection connection, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(max(Id), 0) FROM Products";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<ulong[]> ReadAsync(DbConnection connection, string phrase, CancellationToken ct)
    {
        await using var cmd = FullTextIndex.Command(connection, NewestFirst, phrase);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        ulong[]? bits = null;
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            bits ??= new ulong[(id >> 6) + 1];   // newest first: the first id is the largest
            bits[id >> 6] |= 1UL << (int)(id & 63);
        }
        return bits ?? [];
    }

    /// <summary>How many ids the bitmap holds.</summary>
    public static long Count(ulong[] bits)
    {
        var count = 0L;
        foreach (var word in bits) count += BitOperations.PopCount(word);
        return count;
    }

    /// <summary>Whether <paramref name="id"/> is in the bitmap.</summary>
    public static bool Has(ulong[] bits, int id) => (uint)(id >> 6) < (uint)bits.Length && (bits[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>
    /// Ids set in every bitmap, newest first, below <paramref name="before"/> and from <paramref name="lowest"/> on when
    /// given, at most <paramref name="limit"/>.
    /// </summary>
    public static List<int> Intersect(ulong[][] all, int limit, int? before, int? lowest)
    {
        // Sized for a common word alone (what most calls are: every product it names up to the limit, 10,001 ids) rather
        // than grown there from a small list, which made three times the garbage.
        var ids = new List<int>(all.Length == 1 ? (int)Math.Min(limit, Count(all[0])) : Math.Min(limit, 1024));
        var top = all.Min(b => b.Length) * 64L - 1;
        if (before is { } b) top = Math.Min(top, b - 1L);
        var bottom = Math.Max(0, lowest ?? 0);
        for (var word = top >> 6; word >= 0 && word >= bottom >> 6 && ids.Count < limit; word--)
        {
            // An array, not a list behind an interface: a foreach over that boxed an enumerator per 64 ids, 0.5 MB of
            // garbage per common word.
            var w = ulong.MaxValue;
            foreach (var bits in all) w &= bits[word];
            while (w != 0 && ids.Count < limit)
            {
                var bit = 63 - BitOperations.LeadingZeroCount(w);
                w &= ~(1UL << bit);
                var id = word * 64 + bit;
                if (id <= top && id >= bottom) ids.Add((int)id);
            }
        }
        return ids;
    }
}
