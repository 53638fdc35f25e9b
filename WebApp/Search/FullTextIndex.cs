using System.Buffers;
using System.Data.Common;
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
        var connection = await OpenAsync(ct);
        try
        {
            var query = await PlanAsync(connection, written, ct);
            var limit = ProductSearch.MatchCap + 1;
            return new Matches(await ConjunctionAsync(connection, written, query, limit, null, null, ct) ?? await ReadIdsAsync(connection, query.Expression, limit, null, ct));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // Longer prefixes than the prefix index covers (2 and 3 letters) make FTS5 merge the doclists of every term that
    // starts with them, whole, before returning the first row, however few rows are wanted. Written as the terms that
    // exist ("watch"* as "watch" OR "watches"), FTS5 reads them lazily, newest first, and stops at the limit.
    private const int MaxExpansion = 16;

    private async Task<FtsQuery> PlanAsync(DbConnection connection, string written, CancellationToken ct)
    {
        var state = await TermIndex.StateAsync(connection, ct);
        terms.Seen(state);
        var phrases = TermIndex.PhrasesOf(written);
        if (phrases is null) return new FtsQuery(written, state, null);
        var expression = new System.Text.StringBuilder(written.Length);
        var asRun = new string[phrases.Count];
        var at = 0;
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            var completions = phrase is { IsPrefix: true, Excluded: false, Stem.Length: >= 4 } && phrase.Stem.All(char.IsAsciiLetterOrDigit)
                ? terms.Completions(phrase.Stem, state, MaxExpansion)
                : null;
            if (completions is not { Length: > 0 })
            {
                asRun[i] = phrase.Text;
                continue;
            }
            asRun[i] = $"({string.Join(" OR ", completions.Select(t => $"\"{t}\""))})";
            expression.Append(written, at, phrase.Start - at).Append(asRun[i]);
            at = phrase.Start + phrase.Text.Length;
        }
        expression.Append(written, at, written.Length - at);
        return new FtsQuery(expression.ToString(), state, phrases, asRun);
    }

    /// <summary>
    /// Up to <paramref name="limit"/> matching ids, newest first, unscored; none below <paramref name="lowestId"/> when
    /// given (a caller that only needs those among candidates it already has stops the walk where they end).
    /// </summary>
    public async Task<List<int>> IdsAsync(string match, int limit, CancellationToken ct, int? lowestId = null)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var query = await PlanAsync(connection, match, ct);
            return await ConjunctionAsync(connection, match, query, limit, null, lowestId, ct)
                ?? await ReadIdsAsync(connection, query.Expression, limit, null, ct, lowestId);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Ids of an AND of phrases (as <see cref="SearchText"/> writes it, perhaps for the name column only) in which some
    /// phrase has a bitmap (<see cref="PhraseBitmaps"/>): the rarer phrases' matches come from FTS5, newest first, and each
    /// is kept when every common phrase's bitmap holds it; with no rarer phrase, the bitmaps are intersected. The same
    /// ids as FTS5's AND, in the same order. Null for any other expression (OR, NOT, no bitmap).
    /// </summary>
    private async Task<List<int>?> ConjunctionAsync(DbConnection connection, string written, FtsQuery query, int limit, int? before, int? lowest, CancellationToken ct)
    {
        if (query is not { Phrases: { Count: > 0 } phrases, AsRun: { } asRun }) return null;
        var column = written.StartsWith(NameColumn, StringComparison.Ordinal) ? NameColumn : "";
        if (written != $"{column}({string.Join(" AND ", phrases.Select(p => p.Text))})") return null;
        var common = new List<ulong[]>();
        var rare = new List<string>();
        FtsPhrase? driverPhrase = null;
        for (var i = 0; i < phrases.Count; i++)
        {
            if (bitmaps.Find(query.State, column + phrases[i].Text) is { } bits) common.Add(bits);
            else
            {
                rare.Add(asRun[i]);
                driverPhrase = asRun[i] == phrases[i].Text ? phrases[i] : null;
            }
        }
        if (common.Count == 0) return null;
        if (rare.Count == 0) return PhraseBitmaps.Intersect(common, limit, before, lowest);

        var driver = $"{column}({string.Join(" AND ", rare)})";
        var ids = new List<int>(Math.Min(limit, 1024));
        if (rare.Count == 1 && driverPhrase is not null && await WholeListAsync(connection, driver, driverPhrase, ct) is { } whole)
        {
            var pooled = ArrayPool<int>.Shared.Rent(Math.Max(1, whole.Count));
            try
            {
                whole.Unpack(pooled.AsSpan(0, whole.Count));
                foreach (var id in pooled.AsSpan(0, whole.Count))
                {
                    if (id >= before) continue;
                    if (id < lowest || ids.Count == limit) break;
                    if (InAll(common, id)) ids.Add(id);
                }
            }
            finally
            {
                ArrayPool<int>.Shared.Return(pooled);
            }
            return ids;
        }
        var chunk = Math.Max(limit * 2, 4096);
        while (ids.Count < limit)
        {
            var read = await ReadIdsAsync(connection, driver, chunk, before, ct, lowest);
            foreach (var id in read)
            {
                if (InAll(common, id) && ids.Count < limit) ids.Add(id);
            }
            if (read.Count < chunk) break;
            before = read[^1];
        }
        return ids;
    }

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
    /// Every id of a one-word driver (<c>"garden"</c>, newest first) from the match cache, read whole the first time:
    /// an AND of a common word and a common 2-letter prefix ("garden be") keeps about one id in six of the word's, so
    /// stepping through its doclist for 10,000 matches read 60,000 ids from FTS5 (about 2.5 ms per 20,000) on every
    /// search; the next prefix typed after the same word ("garden ba", "garden ch") now reads none. Null (read as before)
    /// for anything but one plain word the vocabulary counts in at most <see cref="WholeListMax"/> products.
    /// </summary>
    private async Task<PackedIds?> WholeListAsync(DbConnection connection, string driver, FtsPhrase word, CancellationToken ct)
    {
        if (word.IsPrefix || word.Excluded || word.Stem.Contains(' ', StringComparison.Ordinal)) return null;
        if (spelling.Current.Documents(word.Stem) is not (> 0 and <= WholeListMax)) return null;
        var (whole, _) = await cache.GetOrComputeAsync(cache.KeyForMatches(driver, "whole"), async () =>
        {
            var read = await ReadIdsAsync(connection, driver, WholeListMax + 1, null, ct);
            // The vocabulary lags the index by a rebuild: a word that has grown past the limit is not kept.
            return read.Count > WholeListMax ? PackedIds.Empty : PackedIds.Pack(read);
        }, m => m.Kilobytes);
        return whole.Count == 0 ? null : whole;
    }

    private const string NameColumn = "{Name} : ";

    /// <summary>The newest active products that match, with what a link to each needs.</summary>
    public Task<List<ProductName>> NewestProductsAsync(string match, int limit, CancellationToken ct) =>
        db.Database.SqlQuery<ProductName>($"""
            SELECT p.Id, p.Name, p.Slug FROM ProductSearch JOIN Products p ON p.Id = ProductSearch.rowid
            WHERE ProductSearch MATCH {match} AND p.IsActive = 1 ORDER BY ProductSearch.rowid DESC LIMIT {limit}
            """).ToListAsync(ct);

    // Opened through EF, which counts opens: a caller holding the connection open for a whole search keeps it open.
    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return db.Database.GetDbConnection();
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

    private static DbCommand Command(DbConnection connection, string sql, string match)
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
