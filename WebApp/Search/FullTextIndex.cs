using System.Buffers;
using System.Data.Common;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Every query against the full-text index (FTS5; its schema is <see cref="SearchSchema"/>): the only part of search
/// that speaks SQLite, so another database would replace this class and nothing else. It answers which products
/// match, newest first (FTS5 lists ids cheaply in rowid order); relevance is worked out in memory (<see cref="FieldRanking"/>).
/// </summary>
public sealed class FullTextIndex(StoreDbContext db, TermIndex terms, PhraseBitmaps bitmaps, SearchCache cache, SpellingVocabulary spelling)
{
    /// <summary>
    /// Ids of matching products, newest first, at most one more than <see cref="ProductSearch.MatchCap"/> so the caller
    /// knows it capped.
    /// </summary>
    public async Task<Matches> MatchesAsync(string written, CancellationToken ct)
    {
        try
        {
            var query = Plan(written, ct);
            var limit = ProductSearch.MatchCap + 1;
            return await ConjunctionAsync(written, query, limit, null, null, ct) ?? new Matches(await ReadIdsAsync(await ConnectionAsync(ct), query.Expression, limit, null, ct));
        }
        finally
        {
            await CloseAsync();
        }
    }

    // Longer prefixes than the prefix index covers (2 and 3 letters) make FTS5 merge the doclists of every term that
    // starts with them, whole, before returning the first row, however few rows are wanted. Written as the terms that
    // exist ("watch"* as "watch" OR "watches"), FTS5 reads them lazily, newest first, and stops at the limit.
    private const int MaxExpansion = 16;

    private FtsQuery Plan(string written, CancellationToken ct)
    {
        var state = State(ct);
        var phrases = TermIndex.PhrasesOf(written);
        if (phrases is null) return new FtsQuery(written, state, null);
        var expression = new System.Text.StringBuilder(written.Length);
        var asRun = new string[phrases.Count];
        var expansions = new string[]?[phrases.Count];
        var everyColumn = !written.StartsWith(NameColumn, StringComparison.Ordinal);
        var at = 0;
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            if (phrase.Words is { } group)
            {
                // A word and its other number, written as the terms: worked out like an expanded prefix.
                asRun[i] = phrase.Text;
                expansions[i] = group;
                continue;
            }
            var expandable = phrase is { IsPrefix: true, Excluded: false } && phrase.Stem.All(char.IsAsciiLetterOrDigit);
            if (expandable && phrase.Stem.Length is 2 or 3)
            {
                // The prefix index answers it as written; the terms are only for working the AND out in memory.
                asRun[i] = phrase.Text;
                if (everyColumn) expansions[i] = HeldCompletions(phrase, state);
                continue;
            }
            var completions = expandable && phrase.Stem.Length >= 4 ? terms.Completions(phrase.Stem, state, MaxExpansion) : null;
            if (completions is not { Length: > 0 })
            {
                asRun[i] = phrase.Text;
                continue;
            }
            expansions[i] = completions;
            asRun[i] = $"({string.Join(" OR ", completions.Select(t => $"\"{t}\""))})";
            expression.Append(written, at, phrase.Start - at).Append(asRun[i]);
            at = phrase.Start + phrase.Text.Length;
        }
        expression.Append(written, at, written.Length - at);
        return new FtsQuery(expression.ToString(), state, phrases, asRun, expansions);
    }

    /// <summary>Most terms a 2- or 3-letter prefix may stand for to be worked out from the terms' held lists and bitmaps.</summary>
    internal const int MaxHeldExpansion = 64;

    /// <summary>
    /// Every term a 2- or 3-letter prefix without a bitmap of its own stands for, when each has a bitmap or a held list
    /// (<see cref="PhraseBitmaps"/>) and there are at most <see cref="MaxHeldExpansion"/>; else null. Exactly what FTS5's
    /// prefix index matches, as both belong to the same state of the index.
    /// <para>Why: FTS5 answers <c>"bag" AND "bla"*</c> by stepping through the prefix's doclist once per match of the
    /// word. For the prefixes without a bitmap (past the commonest 64 of two letters and 32 of three) that was the
    /// slowest part of a word + short prefix search, 3-17 ms at 1M, however few terms the prefix stands for ("ov": over,
    /// oven, overshirt). Their terms' lists, OR'ed into one bitmap, make it an AND in memory.</para>
    /// </summary>
    private string[]? HeldCompletions(FtsPhrase phrase, byte[] state)
    {
        if (bitmaps.Find(state, phrase.Text) is not null) return null;
        if (terms.Completions(phrase.Stem, state, MaxHeldExpansion) is not { Length: > 0 } completions) return null;
        foreach (var term in completions)
        {
            if (bitmaps.Find(state, TermIndex.Quote(term)) is null && bitmaps.FindList(state, term) is null) return null;
        }
        return completions;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> matching ids, newest first, unscored; none below <paramref name="lowestId"/> when
    /// given (a caller that only needs those among candidates it already has stops the walk where they end).
    /// </summary>
    public async Task<List<int>> IdsAsync(string match, int limit, CancellationToken ct, int? lowestId = null)
    {
        try
        {
            var query = Plan(match, ct);
            return (await ConjunctionAsync(match, query, limit, null, lowestId, ct))?.Ids
                ?? await ReadIdsAsync(await ConnectionAsync(ct), query.Expression, limit, null, ct, lowestId);
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>
    /// Ids of an AND of phrases (as <see cref="SearchText"/> writes it, perhaps for the name column only) in which some
    /// phrase has a bitmap (<see cref="PhraseBitmaps"/>): the rarer phrases' matches come from FTS5, newest first, and each
    /// is kept when every common phrase's bitmap holds it; with no rarer phrase, the bitmaps are intersected. The same
    /// ids as FTS5's AND, in the same order. When every phrase without a bitmap is a word (or an expanded prefix) whose
    /// whole list the match cache can hold, the AND is worked out in memory (<see cref="WholeListsAsync"/>); one word alone
    /// is answered so only when its whole list is cached already. Null for anything else (OR, NOT, phrases of several
    /// words or short prefixes with no bitmap, words too common for a whole list): FTS5 answers it as written.
    /// </summary>
    private async Task<Matches?> ConjunctionAsync(string written, FtsQuery query, int limit, int? before, int? lowest, CancellationToken ct)
    {
        if (query is not { Phrases: { Count: > 0 } phrases, AsRun: { } asRun }) return null;
        var column = written.StartsWith(NameColumn, StringComparison.Ordinal) ? NameColumn : "";
        if (written != $"{column}({string.Join(" AND ", phrases.Select(p => p.Text))})") return null;
        // Unions made for this AND (pooled: a bitmap is 125 KB at 1M), given back when it is answered.
        var unions = new List<ulong[]>();
        try
        {
            var common = new List<ulong[]>();
            var rare = new List<string>();
            var rareAt = new List<int>();
            for (var i = 0; i < phrases.Count; i++)
            {
                if (bitmaps.Find(query.State, column + phrases[i].Text) is { } bits) common.Add(bits);
                else if (column.Length == 0 && UnionOf(query, i, unions) is { } union) common.Add(union);
                else
                {
                    rare.Add(asRun[i]);
                    rareAt.Add(i);
                }
            }
            // One word alone is read from FTS5 only as far as the limit, unless its whole list is cached: reading it whole
            // would cost more than it saves.
            var alone = rareAt.Count == 1 && common.Count == 0;
            // Words with no bitmap ANDed together: each read whole once, so only words a cold read of is a few ms.
            var most = rareAt.Count > 1 ? AndListMax : WholeListMax;
            if (rareAt.Count > 0 && await WholeListsAsync(column, query, rareAt, most, peekOnly: alone, ct) is { } lists)
            {
                if (lists is [{ Parts: [var only] }] && common.Count == 0 && before is null && lowest is null) return Matches.HeadOf(only, limit);
                // A word and its other number alone: the newest of the two lists merged as far as the limit, not whole
                // (a common word's list is 100,000+ ids at 1M, and a single word is the commonest search).
                if (lists is [var group] && common.Count == 0 && before is null && lowest is null)
                {
                    var head = new List<int>((int)Math.Min(limit, group.Count));
                    CollectionsMarshal.SetCount(head, head.Capacity);
                    CollectionsMarshal.SetCount(head, Unpack(group, CollectionsMarshal.AsSpan(head), head.Capacity));
                    // Kept in the match cache like one word's head: every sort and filter of the word asks for it again.
                    return new Matches(head);
                }
                return new Matches(Intersect(lists, common, limit, before, lowest), fromMemory: true);
            }
            if (common.Count == 0) return null;
            if (rare.Count == 0) return new Matches(PhraseBitmaps.Intersect([.. common], limit, before, lowest), fromMemory: true);
            if (LongWalk(query, rareAt, common, limit)) return null;

            var driver = $"{column}({string.Join(" AND ", rare)})";
            var ids = new List<int>(Math.Min(limit, 1024));
            var chunk = Math.Max(limit * 2, 4096);
            while (ids.Count < limit)
            {
                var read = await ReadIdsAsync(await ConnectionAsync(ct), driver, chunk, before, ct, lowest);
                foreach (var id in read)
                {
                    if (InAll(common, id) && ids.Count < limit) ids.Add(id);
                }
                if (read.Count < chunk) break;
                before = read[^1];
            }
            return new Matches(ids);
        }
        finally
        {
            foreach (var union in unions) ArrayPool<ulong>.Shared.Return(union);
        }
    }

    /// <summary>
    /// An expanded prefix whose terms all have bitmaps or held lists, one at least a bitmap ("size"* run as "size" OR
    /// "sizes" OR "sized", "size" in 9% of products) or more than <see cref="MergedTermsMax"/> of them (a short prefix's,
    /// <see cref="HeldCompletions"/>): their union as one bitmap, so the AND tests ids in memory. Without it FTS5 listed
    /// the prefix's terms, 1.5-3 ms at 1M on every search whose last word is such a word. Null when a term has neither,
    /// or a few lists and no bitmap (those are merged by <see cref="WholeListsAsync"/>).
    /// </summary>
    private ulong[]? UnionOf(FtsQuery query, int at, List<ulong[]> unions)
    {
        if (query.Expansions?[at] is not { Length: > 0 } terms || query.Phrases![at].Excluded) return null;
        var found = new ulong[]?[terms.Length];
        var lists = new PackedIds?[terms.Length];
        var length = 0;
        Span<int> newest = stackalloc int[1];
        for (var t = 0; t < terms.Length; t++)
        {
            if (bitmaps.Find(query.State, TermIndex.Quote(terms[t])) is { } bits)
            {
                found[t] = bits;
                length = Math.Max(length, bits.Length);
            }
            else if (bitmaps.FindList(query.State, terms[t]) is { } list)
            {
                lists[t] = list;
                if (list.Count == 0) continue;
                list.Unpack(newest);
                length = Math.Max(length, (newest[0] >> 6) + 1);
            }
            else return null;
        }
        // Two or three lists alone merge cheaper than they fill a bitmap; a short prefix's dozens of terms do not.
        if (found.All(bits => bits is null) && terms.Length <= MergedTermsMax) return null;
        var union = ArrayPool<ulong>.Shared.Rent(length);
        unions.Add(union);
        Array.Clear(union);
        foreach (var bits in found)
        {
            if (bits is null) continue;
            for (var k = 0; k < bits.Length; k++) union[k] |= bits[k];
        }
        foreach (var list in lists)
        {
            if (list is not { Count: > 0 }) continue;
            var ids = ArrayPool<int>.Shared.Rent(list.Count);
            try
            {
                list.Unpack(ids.AsSpan(0, list.Count));
                foreach (var id in ids.AsSpan(0, list.Count)) union[id >> 6] |= 1UL << (id & 63);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(ids);
            }
        }
        return union;
    }

    /// <summary>Most held lists of one prefix's terms merged newest first (<see cref="Unpack(WholeList, int[])"/>) rather than OR'ed into a bitmap.</summary>
    private const int MergedTermsMax = 4;

    /// <summary>
    /// Ids read from the rarer phrases' doclist are kept only when every bitmap holds them, so finding
    /// <paramref name="limit"/> reads about limit / (the bitmaps' share of the catalogue) of them, up to all the rarer
    /// phrases hold: true when that is more than <see cref="LongestWalk"/>. A prefix no bitmap or expansion covers is the
    /// usual case ("everyday" and "com"*: 16% of products hold a "com" word, 7% "everyday", so 10,000 matches meant
    /// reading some 140,000 ids, 19 ms at 1M), and FTS5's own AND, stepping through both doclists, is quicker there.
    /// </summary>
    private bool LongWalk(FtsQuery query, List<int> rareAt, List<ulong[]> common, int limit)
    {
        var vocabulary = spelling.Current;
        var rarest = long.MaxValue;
        foreach (var at in rareAt)
        {
            var phrase = query.Phrases![at];
            if (phrase.Excluded) continue;
            var words = query.Expansions?[at];
            var documents = words is { Length: > 0 } ? words.Sum(w => (long)vocabulary.Documents(w))
                : phrase.IsPrefix ? vocabulary.DocumentsStartingWith(phrase.Stem)
                : phrase.Stem.Contains(' ', StringComparison.Ordinal) ? long.MaxValue
                : vocabulary.Documents(phrase.Stem);
            rarest = Math.Min(rarest, documents);
        }
        if (rarest <= LongestWalk) return false;
        var share = 1.0;
        foreach (var bits in common) share *= (double)PhraseBitmaps.Count(bits) / Math.Max(1, bits.Length * 64L);
        return Math.Min(rarest, limit / Math.Max(share, 1e-9)) > LongestWalk;
    }

    /// <summary>The most ids an AND driven through bitmaps is expected to read from FTS5 (about 2.5 ms per 20,000 at 1M).</summary>
    private const int LongestWalk = 40_000;

    private static bool InAll(List<ulong[]> bitmaps, int id)
    {
        foreach (var bits in bitmaps)
        {
            if (!PhraseBitmaps.Has(bits, id)) return false;
        }
        return true;
    }

    /// <summary>Most ids a word's whole list may hold to be kept in the match cache (a list packs to about a byte an id).</summary>
    internal const int WholeListMax = 200_000;

    /// <summary>
    /// Most products a phrase may be in for an AND of several phrases without bitmaps to be answered from whole lists:
    /// the first read of a list is FTS5 listing all of it (about 2 ms for 20,000 at 1M, 5 ms for 50,000, 18 ms for
    /// 175,000), where the AND itself costs FTS5 1-3 ms: past this, the read that makes later searches cheap made the
    /// search that paid for it one of the slowest (at 50,000 the bench's two-word p99 went from 9.8 to 15 ms). 84% of
    /// the catalogue's name words are in fewer products at 1M.
    /// </summary>
    internal const int AndListMax = 20_000;

    /// <summary>
    /// The whole lists of the phrases at <paramref name="at"/>, each newest first: a plain word's as loaded with the
    /// bitmaps (<see cref="PhraseBitmaps.FindList"/>, for every column), else from the match cache (read whole the first
    /// time), an expanded prefix's as the union of its terms' lists. Null (FTS5 answers as before) when any phrase is
    /// something else (a phrase of several words, a short prefix without a bitmap) or holds a term not held that the
    /// vocabulary counts in more than <paramref name="most"/> products (or none); with <paramref name="peekOnly"/>,
    /// also when a list not held is not in the cache already.
    /// <para>Why: an AND of two words that have no bitmap was an FTS5 query on every search, 1-3 ms at 1M (two random
    /// catalogue words ran two: the words as typed, then the last as a prefix, before relaxing to either). The same AND
    /// from two cached lists is a merge of ~25,000 ids in memory (well under 0.1 ms), and the lists also serve every
    /// other search that pairs the word with something.</para>
    /// </summary>
    private async Task<List<WholeList>?> WholeListsAsync(string column, FtsQuery query, List<int> at, int most, bool peekOnly, CancellationToken ct)
    {
        var vocabulary = spelling.Current;
        var terms = new string[at.Count][];
        for (var k = 0; k < at.Count; k++)
        {
            var phrase = query.Phrases![at[k]];
            if (phrase.Excluded) return null;
            string[] words = query.Expansions?[at[k]] is { Length: > 0 } expanded ? expanded
                : phrase.IsPrefix || phrase.Stem.Contains(' ', StringComparison.Ordinal) ? [] : [phrase.Stem];
            if (words.Length == 0) return null;
            terms[k] = words;
            if (words.All(word => Held(column, query, word) is not null)) continue;
            long documents = 0;
            foreach (var word in words)
            {
                var n = vocabulary.Documents(word);
                if (n <= 0) return null;
                documents += n;
            }
            if (documents > most) return null;
        }
        // Words ANDed together are read whole from the second search that needs them on: a word seen once may never come
        // again, and its first AND costs FTS5 less than listing all of it. Every missing list is marked seen before
        // answering. (One word beside bitmaps is read whole at once: stepping through its doclist is the slow way.)
        if (!peekOnly && at.Count > 1)
        {
            var firstSight = false;
            foreach (var word in terms.SelectMany(t => t).Where(word => Held(column, query, word) is null))
            {
                var key = WholeListKey(column, word);
                if (!cache.TryPeekMatches<PackedIds>(key, out _) && !cache.SeenBefore(key)) firstSight = true;
            }
            if (firstSight) return null;
        }
        var lists = new List<WholeList>(at.Count);
        foreach (var words in terms)
        {
            var parts = new PackedIds[words.Length];
            for (var w = 0; w < words.Length; w++)
            {
                if ((Held(column, query, words[w]) ?? await WholeListAsync(column, words[w], peekOnly, ct)) is not { } whole) return null;
                parts[w] = whole;
            }
            lists.Add(new WholeList(parts));
        }
        return lists;
    }

    /// <summary>
    /// Every id of one word (<c>"garden"</c>, newest first) from the match cache, read whole the first time: an AND of
    /// a common word and a common 2-letter prefix ("garden be") keeps about one id in six of the word's, so stepping
    /// through its doclist for 10,000 matches read 60,000 ids from FTS5 (about 2.5 ms per 20,000) on every search; the
    /// next prefix typed after the same word ("garden ba", "garden ch") now reads none. Null when the word has grown past
    /// <see cref="WholeListMax"/> since the vocabulary was counted.
    /// </summary>
    private async Task<PackedIds?> WholeListAsync(string column, string word, bool peekOnly, CancellationToken ct)
    {
        var driver = Driver(column, word);
        var key = WholeListKey(column, word);
        if (peekOnly) return cache.TryPeekMatches<PackedIds>(key, out var held) && !ReferenceEquals(held, PackedIds.Empty) ? held : null;
        var (whole, _) = await cache.GetOrComputeAsync(key, async () =>
        {
            var read = await ReadIdsAsync(await ConnectionAsync(ct), driver, WholeListMax + 1, null, ct);
            // The vocabulary lags the index by a rebuild: a word that has grown past the limit is not kept.
            return read.Count > WholeListMax ? PackedIds.Empty : PackedIds.Pack(read);
        }, m => m.Kilobytes);
        return ReferenceEquals(whole, PackedIds.Empty) ? null : whole;
    }

    /// <summary>The word's list as loaded with the bitmaps (<see cref="PhraseBitmaps.FindList"/>), for every column only.</summary>
    /// <remarks>The index holds words without their accents, as its tokenizer reads a query: "sauté" is held as "saute" (a name
    /// with it was read from FTS5 on every search).</remarks>
    private PackedIds? Held(string column, FtsQuery query, string word) => column.Length == 0 ? bitmaps.FindList(query.State, Spelling.WithoutDiacritics(word)) : null;

    private static string Driver(string column, string word) => $"{column}(\"{word.Replace("\"", "\"\"", StringComparison.Ordinal)}\")";

    private string WholeListKey(string column, string word) => cache.KeyForMatches(Driver(column, word), "whole");

    /// <summary>One phrase's whole list: one word's, or the terms of an expanded prefix (a product may hold several).</summary>
    private sealed record WholeList(PackedIds[] Parts)
    {
        // Summed once: the sort below compares it, and the unpacking sizes buffers by it.
        public long Count { get; } = Parts.Sum(p => (long)p.Count);
    }

    /// <summary>
    /// The AND of whole lists and bitmaps, newest first, with <paramref name="before"/>, <paramref name="lowest"/> and
    /// <paramref name="limit"/> as FTS5 would apply them. The smallest list is unpacked and the others walked against it.
    /// </summary>
    private static List<int> Intersect(List<WholeList> lists, List<ulong[]> common, int limit, int? before, int? lowest)
    {
        if (lists is [{ Parts: [var only] }] && common.Count == 0 && before is null)
        {
            // One word: its newest ids as far as the limit, not the whole list.
            var head = new List<int>(Math.Min(limit, only.Count));
            CollectionsMarshal.SetCount(head, Math.Min(limit, only.Count));
            only.Unpack(CollectionsMarshal.AsSpan(head));
            if (lowest is { } floor) head.RemoveAll(id => id < floor);
            return head;
        }
        lists.Sort((a, b) => a.Count.CompareTo(b.Count));
        var pooled = ArrayPool<int>.Shared.Rent((int)Math.Max(1, lists[0].Count));
        try
        {
            var kept = Unpack(lists[0], pooled);
            for (var k = 1; k < lists.Count && kept > 0; k++)
            {
                var candidates = pooled.AsSpan(0, kept);
                kept = lists[k].Parts is [var single] ? single.Retain(candidates) : RetainInAny(lists[k].Parts, candidates);
            }
            var ids = new List<int>(Math.Min(limit, kept));
            foreach (var id in pooled.AsSpan(0, kept))
            {
                if (id >= before) continue;
                if (id < lowest || ids.Count == limit) break;
                if (InAll(common, id)) ids.Add(id);
            }
            return ids;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pooled);
        }
    }

    /// <summary>
    /// Keeps the candidates (newest first) that any of the lists holds, in place; how many. Each list walks the
    /// candidates as one word's does, and the few kept by each are merged: merging the lists themselves first unpacked
    /// all of a common word's and its other number's ids (100,000+ at 1M) for every AND they were in.
    /// </summary>
    private static int RetainInAny(PackedIds[] parts, Span<int> candidates)
    {
        var n = candidates.Length;
        var kept = ArrayPool<int>.Shared.Rent(Math.Max(1, n * parts.Length));
        try
        {
            Span<int> at = stackalloc int[parts.Length];
            Span<int> end = stackalloc int[parts.Length];
            for (var p = 0; p < parts.Length; p++)
            {
                var own = kept.AsSpan(p * n, n);
                candidates.CopyTo(own);
                at[p] = p * n;
                end[p] = p * n + parts[p].Retain(own);
            }
            return MergeNewest(kept, at, end, candidates, candidates.Length);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(kept);
        }
    }

    /// <summary>
    /// Runs of ids in <paramref name="source"/> (run p from <paramref name="at"/>[p] to <paramref name="end"/>[p], each
    /// newest first) merged newest first into <paramref name="into"/>, an id in several runs once, up to
    /// <paramref name="max"/>; how many. <paramref name="into"/> may be where the runs came from, not where they are.
    /// </summary>
    private static int MergeNewest(int[] source, Span<int> at, ReadOnlySpan<int> end, Span<int> into, int max)
    {
        var n = 0;
        while (n < max)
        {
            var newest = -1;
            for (var p = 0; p < at.Length; p++)
            {
                if (at[p] < end[p] && source[at[p]] > newest) newest = source[at[p]];
            }
            if (newest < 0) break;
            into[n++] = newest;
            for (var p = 0; p < at.Length; p++)
            {
                if (at[p] < end[p] && source[at[p]] == newest) at[p]++;
            }
        }
        return n;
    }

    /// <summary>A phrase's ids into <paramref name="into"/>, newest first and each once; how many.</summary>
    private static int Unpack(WholeList list, int[] into) => Unpack(list, into, int.MaxValue);

    /// <summary>The newest <paramref name="max"/> (or fewer) of a phrase's ids into <paramref name="into"/>, each once; how many.</summary>
    private static int Unpack(WholeList list, Span<int> into, int max)
    {
        if (list.Parts is [var single])
        {
            var n = Math.Min(single.Count, max);
            single.Unpack(into[..n]);
            return n;
        }
        // The terms' lists, each newest first, merged: sorting them together cost more than the whole AND (a product
        // may hold several of the terms, so equal heads are taken once).
        var total = list.Parts.Sum(part => Math.Min(part.Count, max));
        var scratch = ArrayPool<int>.Shared.Rent(total);
        try
        {
            var parts = list.Parts;
            Span<int> at = stackalloc int[parts.Length];
            Span<int> end = stackalloc int[parts.Length];
            var offset = 0;
            for (var p = 0; p < parts.Length; p++)
            {
                // Only a part's newest max can be among the merge's newest max.
                var take = Math.Min(parts[p].Count, max);
                parts[p].Unpack(scratch.AsSpan(offset, take));
                at[p] = offset;
                offset += take;
                end[p] = offset;
            }
            return MergeNewest(scratch, at, end, into, max);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    private const string NameColumn = "{Name} : ";

    /// <summary>The newest active products that match, with what a link to each needs.</summary>
    public Task<List<ProductName>> NewestProductsAsync(string match, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<ProductName>($"""
            SELECT p.Id, p.Name, p.Slug FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid
            WHERE ProductSearch MATCH {match} AND p.IsActive = 1 ORDER BY ProductSearch.rowid DESC LIMIT {limit}
            """).ToListAsync(ct);

    // Opened through EF, which counts opens: a caller holding the connection open for a whole search keeps it open.
    // Opened only when the index is read: an AND of cached lists needs no connection, and opening and closing one
    // (with reading the state) was about 0.1 ms a lookup, four lookups for two words relaxed to either.
    private bool _opened;

    private async Task<DbConnection> ConnectionAsync(CancellationToken ct)
    {
        if (!_opened)
        {
            await db.Database.OpenConnectionAsync(ct);
            _opened = true;
        }
        return db.Database.GetDbConnection();
    }

    private async Task CloseAsync()
    {
        if (!_opened) return;
        _opened = false;
        await db.Database.CloseConnectionAsync();
    }

    // The index's state, read once for this scope: one search's lookups (the words together, then relaxed) share it,
    // and an index change between them is seen by the next search, as if it had come a moment later.
    private byte[]? _state;

    private byte[] State(CancellationToken ct)
    {
        if (_state is not null) return _state;
        ct.ThrowIfCancellationRequested();
        _state = terms.ReadState(db.Database.GetConnectionString()!);
        terms.Seen(_state);
        return _state;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> matching ids, newest first (below <paramref name="before"/> when given). SQLite
    /// joins them into one string: one row to read instead of ten thousand, a large part of a broad query's cost.
    /// </summary>
    private static async Task<List<int>> ReadIdsAsync(DbConnection connection, string match, int limit, int? before, CancellationToken ct, int? lowest = null)
    {
        var range = (before is { } b ? $" AND rowid < {b}" : "") + (lowest is { } l ? $" AND rowid >= {l}" : "");
        await using var cmd = Command(connection,
            $"SELECT group_concat(rowid) FROM (SELECT rowid FROM ProductSearch WHERE ProductSearch MATCH $match{range} ORDER BY rowid DESC LIMIT {limit})",
            match);
        // As UTF-8 bytes, not a string: ten thousand ids are a 140 KB string, which .NET allocates on the large object
        // heap (collected only with generation 2) on every uncached search.
        byte[] text;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct)) return [];
            text = reader.GetFieldValue<byte[]>(0);
        }
        var ids = new List<int>(text.AsSpan().Count((byte)',') + 1);
        if (text.Length == 0) return ids;
        var value = 0;
        foreach (var c in text)
        {
            if (c == ',')
            {
                ids.Add(value);
                value = 0;
            }
            else
            {
                value = value * 10 + (c - '0');
            }
        }
        ids.Add(value);
        return ids;
    }

    /// <summary>A command with the MATCH expression bound as <c>$match</c>.</summary>
    internal static DbCommand Command(DbConnection connection, string sql, string match)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var p = cmd.CreateParameter();
        p.ParameterName = "$match";
        p.Value = match;
        cmd.Parameters.Add(p);
        return cmd;
    }
}
