using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Every query against the full-text index (FTS5; its schema is <see cref="SearchSchema"/>): the only part of search
/// that speaks SQLite, so another database would replace this class and nothing else. It answers which products
/// match, newest first (FTS5 lists ids cheaply in rowid order), and bm25 scores only when few match, because bm25
/// must score every match before the best can be known.
/// </summary>
public sealed class FullTextIndex(StoreDbContext db, TermIndex terms, PhraseBitmaps bitmaps, ILogger<FullTextIndex> logger)
{
    // Name weighted above brand and category, above description.
    private const string Weights = "10.0, 4.0, 4.0, 1.0";
    private const string Bm25 = $"bm25(ProductSearch, {Weights})";

    /// <summary>
    /// Ids of matching products, newest first, at most one more than <see cref="ProductSearch.MatchCap"/> so the caller
    /// knows it capped. With <paramref name="scored"/> and at most <see cref="ProductSearch.RankAll"/> matches, each also
    /// gets its bm25 score. <paramref name="likelyFew"/> is the caller's guess; the phrase counts decide when known.
    /// </summary>
    public async Task<Matches> MatchesAsync(string written, bool scored, bool likelyFew, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var query = await PlanAsync(connection, written, ct);
            var match = query.Expression;
            var ids = new List<int>();
            var (atMost, atLeast) = scored ? Bounds(written, query) : (long.MaxValue, 0L);
            if (scored && atMost <= ProductSearch.RankAll)
            {
                // Its rarest required phrase is in few products: rank every match in the one pass that finds them.
                return new Matches(ids, await ScoresAsync(connection, query, " ORDER BY rowid DESC", ids, ct));
            }
            if (scored && likelyFew && atLeast <= ProductSearch.RankAll && atMost == long.MaxValue)
            {
                // No bound from the counts: several words usually match few products, so score them in the same pass.
                var scores = await ScoresAsync(connection, query, $" ORDER BY rowid DESC LIMIT {ProductSearch.RankAll + 1}", ids, ct);
                if (ids.Count <= ProductSearch.RankAll) return new Matches(ids, scores);
            }

            // Many matches (a common phrase alone, or any of several): bm25 would be thrown away, so ids only.
            var rest = ProductSearch.MatchCap + 1 - ids.Count;
            int? before = ids.Count == 0 ? null : ids.Min();
            ids.AddRange(await ConjunctionAsync(connection, written, query, rest, before, null, ct) ?? await ReadIdsAsync(connection, match, rest, before, ct));
            if (!scored || ids.Count == 0 || ids.Count > ProductSearch.RankAll) return new Matches(ids, null);

            return new Matches(ids, await ScoresAsync(connection, query, "", null, ct));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Bounds on how many products match, from the phrase counts already known (nothing is counted for this): all of
    /// several phrases (AND, NOT) match at most as many as any one of them; any of them (OR, no NOT) at least as many as
    /// each. Unbounded when unknown.
    /// </summary>
    private (long AtMost, long AtLeast) Bounds(string written, FtsQuery query)
    {
        if (query.Phrases is not { } phrases) return (long.MaxValue, 0);
        var any = written.Contains(" OR ", StringComparison.Ordinal);
        var all = written.Contains(" AND ", StringComparison.Ordinal);
        if (any && all) return (long.MaxValue, 0);
        var known = terms.KnownCounts(query.State, phrases).Where((n, i) => n is not null && !phrases[i].Excluded).Select(n => n!.Value).ToList();
        if (known.Count == 0) return (long.MaxValue, 0);
        if (!any) return (known.Min(), 0);
        return phrases.Any(p => p.Excluded) ? (long.MaxValue, 0) : (long.MaxValue, known.Max());
    }

    /// <summary>
    /// bm25 of each match (<paramref name="tail"/> orders and limits them; <paramref name="ids"/>, when given, receives
    /// the ids in that order). Computed by <see cref="StoreBm25"/> with the phrase counts <see cref="TermIndex"/>
    /// remembers; by FTS5's bm25() (the same scores, counted again) for an expression it does not read.
    /// </summary>
    private async Task<Dictionary<int, double>> ScoresAsync(DbConnection connection, FtsQuery query, string tail, List<int>? ids, CancellationToken ct)
    {
        var score = Bm25;
        if (query is { Phrases.Count: > 0, GroupOf: { } groupOf } && connection is SqliteConnection sqlite)
        {
            var counts = await terms.DocumentCountsAsync(connection, query.State, query.Phrases, ct);
            StoreBm25.Register(sqlite);
            score = $"{StoreBm25.Name}(ProductSearch, {Weights}, {string.Join(", ", groupOf)}, {string.Join(", ", counts)})";
        }
        try
        {
            return await ReadScoresAsync(connection, query.Expression, score, tail, ids, ct);
        }
        catch (SqliteException e) when (score != Bm25 && query.GroupOf!.Length == query.Phrases!.Count)
        {
            // Only an unexpanded expression can fall back: bm25() would score an expanded prefix as separate words.
            logger.LogWarning(e, "{Function} failed for {Match}; ranked with bm25() instead", StoreBm25.Name, query.Expression);
            ids?.Clear();
            return await ReadScoresAsync(connection, query.Expression, Bm25, tail, ids, ct);
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
        if (phrases is null) return new FtsQuery(written, state, null, null);
        var expression = new System.Text.StringBuilder(written.Length);
        var groupOf = new List<int>(phrases.Count);
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
                groupOf.Add(i);
                asRun[i] = phrase.Text;
                continue;
            }
            asRun[i] = $"({string.Join(" OR ", completions.Select(t => $"\"{t}\""))})";
            expression.Append(written, at, phrase.Start - at).Append(asRun[i]);
            at = phrase.Start + phrase.Text.Length;
            foreach (var _ in completions) groupOf.Add(i);
        }
        expression.Append(written, at, written.Length - at);
        return new FtsQuery(expression.ToString(), state, phrases, [.. groupOf], asRun);
    }

    private static async Task<Dictionary<int, double>> ReadScoresAsync(DbConnection connection, string match, string score, string tail, List<int>? ids, CancellationToken ct)
    {
        var scores = new Dictionary<int, double>();
        await using var cmd = Command(connection, $"SELECT rowid, {score} FROM ProductSearch WHERE ProductSearch MATCH $match{tail}", match);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt32(0);
            ids?.Add(id);
            scores[id] = reader.GetDouble(1);
        }
        return scores;
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
        for (var i = 0; i < phrases.Count; i++)
        {
            if (bitmaps.Find(query.State, column + phrases[i].Text) is { } bits) common.Add(bits);
            else rare.Add(asRun[i]);
        }
        if (common.Count == 0) return null;
        if (rare.Count == 0) return PhraseBitmaps.Intersect(common, limit, before, lowest);

        var driver = $"{column}({string.Join(" AND ", rare)})";
        var ids = new List<int>(Math.Min(limit, 1024));
        var chunk = Math.Max(limit * 2, 4096);
        while (ids.Count < limit)
        {
            var read = await ReadIdsAsync(connection, driver, chunk, before, ct, lowest);
            foreach (var id in read)
            {
                if (common.TrueForAll(bits => PhraseBitmaps.Has(bits, id)) && ids.Count < limit) ids.Add(id);
            }
            if (read.Count < chunk) break;
            before = read[^1];
        }
        return ids;
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
        var text = await cmd.ExecuteScalarAsync(ct) as string;
        var ids = new List<int>();
        if (string.IsNullOrEmpty(text)) return ids;
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
