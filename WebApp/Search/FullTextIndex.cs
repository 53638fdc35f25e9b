using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Every query against the full-text index (FTS5; its schema is <see cref="SearchSchema"/>): the only part of search
/// that speaks SQLite, so another database would replace this class and nothing else. It answers which products
/// match, newest first (FTS5 lists ids cheaply in rowid order), and bm25 scores only when few match, because bm25
/// must score every match before the best can be known.
/// </summary>
public sealed class FullTextIndex(StoreDbContext db)
{
    // Name weighted above brand and category, above description.
    private const string Bm25 = "bm25(ProductSearch, 10.0, 4.0, 4.0, 1.0)";

    /// <summary>
    /// Ids of matching products, newest first, at most one more than <see cref="ProductSearch.MatchCap"/> so the caller
    /// knows it capped. With <paramref name="scored"/> and at most <see cref="ProductSearch.RankAll"/> matches, each also
    /// gets its bm25 score.
    /// </summary>
    public async Task<Matches> MatchesAsync(string match, bool scored, bool likelyFew, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var ids = new List<int>();
            if (scored && likelyFew)
            {
                // Several words usually match few products: score them in the same pass and stop if that was all.
                var scores = new Dictionary<int, double>();
                await using (var cmd = Command(connection, $"SELECT rowid, {Bm25} FROM ProductSearch WHERE ProductSearch MATCH $match ORDER BY rowid DESC LIMIT {ProductSearch.RankAll + 1}", match))
                await using (var reader = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        ids.Add(reader.GetInt32(0));
                        scores[ids[^1]] = reader.GetDouble(1);
                    }
                }
                if (ids.Count <= ProductSearch.RankAll) return new Matches(ids, scores);
            }

            ids.AddRange(await ReadIdsAsync(connection, match, ProductSearch.MatchCap + 1 - ids.Count, ids.Count == 0 ? null : ids.Min(), ct));
            if (!scored || likelyFew || ids.Count == 0 || ids.Count > ProductSearch.RankAll) return new Matches(ids, null);

            var bm25 = new Dictionary<int, double>(ids.Count);
            await using (var cmd = Command(connection, $"SELECT rowid, {Bm25} FROM ProductSearch WHERE ProductSearch MATCH $match", match))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) bm25[reader.GetInt32(0)] = reader.GetDouble(1);
            }
            return new Matches(ids, bm25);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Up to <paramref name="limit"/> matching ids, newest first, unscored (none below <paramref name="atLeast"/> when given).</summary>
    public async Task<List<int>> IdsAsync(string match, int limit, CancellationToken ct, int? atLeast = null)
    {
        var connection = await OpenAsync(ct);
        try
        {
            return await ReadIdsAsync(connection, match, limit, null, ct, atLeast);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

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
    private static async Task<List<int>> ReadIdsAsync(DbConnection connection, string match, int limit, int? before, CancellationToken ct, int? atLeast = null)
    {
        var range = (before is { } b ? $" AND rowid < {b}" : "") + (atLeast is { } a ? $" AND rowid >= {a}" : "");
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
