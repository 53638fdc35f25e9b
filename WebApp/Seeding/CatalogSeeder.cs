using System.Diagnostics;
using Microsoft.Data.Sqlite;
using WebApp.Data;

namespace WebApp.Seeding;

/// <summary>
/// Bulk-loads the demo catalogue and its demo reviews through prepared ADO.NET commands in one transaction. EF change
/// tracking costs ~50x more per row; and the secondary indexes are dropped during the load and rebuilt afterwards,
/// because maintaining a dozen B-trees with random keys row by row is slower than building each once.
/// </summary>
public sealed class CatalogSeeder(string connectionString)
{
    public async Task<int> CountProductsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return Convert.ToInt32(await Scalar(connection, "SELECT COUNT(*) FROM Products", ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<SeedResult> SeedAsync(int products, bool reset, IProgress<SeedProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(products);
        var watch = Stopwatch.StartNew();
        await using var connection = await OpenAsync(ct);
        await Exec(connection, "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;", ct);
        try
        {
            return await SeedAsync(connection, products, reset, progress, watch, ct);
        }
        finally
        {
            // The connection goes back to the pool: a web request must not inherit a 256 MB page cache.
            await Exec(connection, SqlitePragmas.PageCache + " PRAGMA temp_store=DEFAULT;", CancellationToken.None);
        }
    }

    private static async Task<SeedResult> SeedAsync(SqliteConnection connection, int products, bool reset, IProgress<SeedProgress>? progress, Stopwatch watch, CancellationToken ct)
    {

        if (!reset && Convert.ToInt64(await Scalar(connection, "SELECT EXISTS(SELECT 1 FROM Products) OR EXISTS(SELECT 1 FROM Categories)", ct), System.Globalization.CultureInfo.InvariantCulture) == 1)
        {
            throw new InvalidOperationException("The catalogue is not empty. Pass --reset to replace it.");
        }

        // One transaction for everything (SQLite DDL is transactional): a seed that fails or is killed half-way leaves
        // the old catalogue, indexes and triggers exactly as they were.
        var generator = new ProductGenerator();
        // Plain BEGIN/COMMIT rather than SqliteTransaction, which would have to be attached to every command below.
        await Exec(connection, "BEGIN IMMEDIATE", ct);
        try
        {
            // Per-row work during a bulk load (index maintenance, full-text triggers) is dropped and redone once at the end.
            var droppedTriggers = await DropAsync(connection, "trigger", ct);
            var droppedIndexes = await DropAsync(connection, "index", ct);
            var searchIndexes = await FullTextTablesAsync(connection, ct);
            if (reset)
            {
                foreach (var fts in searchIndexes) await Exec(connection, $"INSERT INTO \"{fts}\"(\"{fts}\") VALUES('delete-all')", ct);
                await Exec(connection, "DELETE FROM ReviewVotes; DELETE FROM ReviewReports; DELETE FROM Reviews; DELETE FROM Products; DELETE FROM Categories WHERE ParentId IS NOT NULL; DELETE FROM Categories; DELETE FROM Brands;", ct);
            }

            await InsertCategoriesAndBrandsAsync(connection, generator, ct);
            await InsertProductsAsync(connection, generator, products, progress, ct);
            progress?.Report(new SeedProgress(SeedPhase.Indexes, products));
            foreach (var sql in droppedIndexes.Concat(droppedTriggers))
            {
                await Exec(connection, sql, ct);
            }
            progress?.Report(new SeedProgress(SeedPhase.SearchIndex, products));
            foreach (var fts in searchIndexes)
            {
                // Merging segments while rebuilding, then again in 'optimize', does the work twice (figures in the README);
                // with incremental merges off the rebuild writes flat segments and 'optimize' merges them once. Crisis
                // merges stay on at 64 segments a level: FTS5 fails with SQLITE_FULL past 2,000 segments.
                var t = $"\"{fts}\"";
                await Exec(connection, $"""
                    INSERT INTO {t}({t}, rank) VALUES('automerge', 0);
                    INSERT INTO {t}({t}, rank) VALUES('crisismerge', 64);
                    INSERT INTO {t}({t}) VALUES('rebuild');
                    INSERT INTO {t}({t}) VALUES('optimize');
                    INSERT INTO {t}({t}, rank) VALUES('automerge', 4);
                    INSERT INTO {t}({t}, rank) VALUES('crisismerge', 16);
                    """, ct);
            }
            await Exec(connection, "COMMIT", ct);
        }
        catch
        {
            // SQLite may already have rolled back (after SQLITE_FULL or an I/O error): keep the original exception.
            if (!IsAutocommit(connection)) await Exec(connection, "ROLLBACK", CancellationToken.None);
            throw;
        }
        // Fresh statistics let the planner pick the partial listing indexes; analysis_limit keeps ANALYZE to a sample.
        await Exec(connection, "PRAGMA analysis_limit=2000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", ct);

        return new SeedResult(products, generator.Categories.Count, generator.Brands.Count, watch.Elapsed);
    }

    private static async Task InsertCategoriesAndBrandsAsync(SqliteConnection connection, ProductGenerator generator, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "INSERT INTO Categories (Id, ParentId, Name, Slug, Color, SortOrder) VALUES ($id, $parent, $name, $slug, $color, $sort)";
        foreach (var c in generator.Categories)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$id", c.Id);
            cmd.Parameters.AddWithValue("$parent", (object?)c.ParentId ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$name", c.Name);
            cmd.Parameters.AddWithValue("$slug", c.Slug);
            cmd.Parameters.AddWithValue("$color", c.Color);
            cmd.Parameters.AddWithValue("$sort", c.SortOrder);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        cmd.CommandText = "INSERT INTO Brands (Id, Name, Slug) VALUES ($id, $name, $slug)";
        foreach (var b in generator.Brands)
        {
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$id", b.Id);
            cmd.Parameters.AddWithValue("$name", b.Name);
            cmd.Parameters.AddWithValue("$slug", b.Slug);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task InsertProductsAsync(SqliteConnection connection, ProductGenerator generator, int products, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            INSERT INTO Products (Id, Sku, Name, Slug, Description, PriceCents, Stock, RatingAverage, RatingCount, IsActive, CreatedAt, UpdatedAt, BrandId, CategoryId, DepartmentId)
            VALUES ($id, $sku, $name, $slug, $description, $price, $stock, $ratingAvg, $ratingCount, 1, $created, $created, $brand, $category, $department)
            """;
        var id = cmd.Parameters.Add("$id", SqliteType.Integer);
        var sku = cmd.Parameters.Add("$sku", SqliteType.Text);
        var name = cmd.Parameters.Add("$name", SqliteType.Text);
        var slug = cmd.Parameters.Add("$slug", SqliteType.Text);
        var description = cmd.Parameters.Add("$description", SqliteType.Text);
        var price = cmd.Parameters.Add("$price", SqliteType.Integer);
        var stock = cmd.Parameters.Add("$stock", SqliteType.Integer);
        var ratingAvg = cmd.Parameters.Add("$ratingAvg", SqliteType.Real);
        var ratingCount = cmd.Parameters.Add("$ratingCount", SqliteType.Integer);
        var created = cmd.Parameters.Add("$created", SqliteType.Text);
        var brand = cmd.Parameters.Add("$brand", SqliteType.Integer);
        var category = cmd.Parameters.Add("$category", SqliteType.Integer);
        var department = cmd.Parameters.Add("$department", SqliteType.Integer);

        cmd.Prepare();

        await using var reviewCmd = connection.CreateCommand();
        reviewCmd.CommandText = """
            INSERT INTO Reviews (ProductId, UserId, AuthorName, Stars, Title, Body, IsVerifiedPurchase, IsHidden, HelpfulCount, CreatedAt, UpdatedAt)
            VALUES ($product, NULL, $author, $stars, $title, $body, 0, 0, 0, $created, $created)
            """;
        var reviewProduct = reviewCmd.Parameters.Add("$product", SqliteType.Integer);
        var reviewAuthor = reviewCmd.Parameters.Add("$author", SqliteType.Text);
        var reviewStars = reviewCmd.Parameters.Add("$stars", SqliteType.Integer);
        var reviewTitle = reviewCmd.Parameters.Add("$title", SqliteType.Text);
        var reviewBody = reviewCmd.Parameters.Add("$body", SqliteType.Text);
        var reviewCreated = reviewCmd.Parameters.Add("$created", SqliteType.Text);
        reviewCmd.Prepare();

        for (var i = 1; i <= products; i++)
        {
            {
                var p = generator.Next(i);
                id.Value = p.Id;
                sku.Value = p.Sku;
                name.Value = p.Name;
                slug.Value = p.Slug;
                description.Value = p.Description;
                price.Value = p.PriceCents;
                stock.Value = p.Stock;
                ratingAvg.Value = p.RatingAverage;
                ratingCount.Value = p.RatingCount;
                created.Value = p.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                brand.Value = p.BrandId;
                category.Value = p.CategoryId;
                department.Value = p.DepartmentId;
                cmd.ExecuteNonQuery();
                foreach (var review in p.Reviews)
                {
                    reviewProduct.Value = p.Id;
                    reviewAuthor.Value = review.AuthorName;
                    reviewStars.Value = review.Stars;
                    reviewTitle.Value = review.Title;
                    reviewBody.Value = review.Body;
                    reviewCreated.Value = review.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
                    reviewCmd.ExecuteNonQuery();
                }
                if ((i & 0x3FF) == 0) progress?.Report(new SeedProgress(SeedPhase.Products, i));
                if ((i & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            }
        }
        progress?.Report(new SeedProgress(SeedPhase.Products, products));
    }

    /// <summary>
    /// Drops the product and review tables' indexes or triggers and returns the SQL that recreates them, so the migrations stay the
    /// only place they are defined.
    /// </summary>
    private static async Task<List<string>> DropAsync(SqliteConnection connection, string type, CancellationToken ct)
    {
        var found = new List<(string Name, string Sql)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = $type AND tbl_name IN ('Products', 'Reviews') AND sql IS NOT NULL";
            cmd.Parameters.AddWithValue("$type", type);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) found.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in found)
        {
            await Exec(connection, $"DROP {type.ToUpperInvariant()} \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", ct);
        }
        return [.. found.Select(i => i.Sql)];
    }

    private static async Task<List<string>> FullTextTablesAsync(SqliteConnection connection, CancellationToken ct)
    {
        var names = new List<string>();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static bool IsAutocommit(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        SqlitePragmas.Apply(connection);
        return connection;
    }

    private static async Task Exec(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }
}
