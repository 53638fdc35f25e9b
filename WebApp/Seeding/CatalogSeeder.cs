using System.Diagnostics;
using Microsoft.Data.Sqlite;
using WebApp.Data;

namespace WebApp.Seeding;

public sealed record SeedResult(int Products, int Categories, int Brands, TimeSpan Elapsed);

/// <summary>
/// Bulk-loads the demo catalogue through one prepared ADO.NET command in large transactions. EF change tracking costs
/// ~50x more per row; and the secondary indexes are dropped during the load and rebuilt afterwards, because
/// maintaining nine B-trees with random keys row by row is slower than building each once.
/// </summary>
public sealed class CatalogSeeder(string connectionString)
{
    private const int BatchSize = 100_000;

    public async Task<int> CountProductsAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        return Convert.ToInt32(await Scalar(connection, "SELECT COUNT(*) FROM Products", ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<SeedResult> SeedAsync(int products, bool reset, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(products);
        var watch = Stopwatch.StartNew();
        await using var connection = await OpenAsync(ct);
        await Exec(connection, "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;", ct);

        if (reset)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await Exec(connection, "DELETE FROM Products; DELETE FROM Categories WHERE ParentId IS NOT NULL; DELETE FROM Categories; DELETE FROM Brands;", ct);
            await tx.CommitAsync(ct);
        }
        else if (Convert.ToInt64(await Scalar(connection, "SELECT EXISTS(SELECT 1 FROM Products) OR EXISTS(SELECT 1 FROM Categories)", ct), System.Globalization.CultureInfo.InvariantCulture) == 1)
        {
            throw new InvalidOperationException("The catalogue is not empty. Pass --reset to replace it.");
        }

        var generator = new ProductGenerator();
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct))
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
            await tx.CommitAsync(ct);
        }

        var dropped = await DropSecondaryIndexesAsync(connection, ct);
        await InsertProductsAsync(connection, generator, products, progress, ct);
        foreach (var sql in dropped)
        {
            await Exec(connection, sql, ct);
        }
        // Fresh statistics let the planner pick the partial listing indexes; analysis_limit keeps ANALYZE to a sample.
        await Exec(connection, "PRAGMA analysis_limit=2000; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", ct);

        return new SeedResult(products, generator.Categories.Count, generator.Brands.Count, watch.Elapsed);
    }

    private static async Task InsertProductsAsync(SqliteConnection connection, ProductGenerator generator, int products, IProgress<int>? progress, CancellationToken ct)
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

        for (var start = 1; start <= products; start += BatchSize)
        {
            var end = Math.Min(products, start + BatchSize - 1);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            cmd.Transaction = tx;
            cmd.Prepare();
            for (var i = start; i <= end; i++)
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
                if ((i & 0x3FF) == 0) progress?.Report(i);
            }
            await tx.CommitAsync(ct);
            progress?.Report(end);
        }
    }

    /// <summary>Drops the product table's secondary indexes and returns the SQL that recreates them, so migrations stay the only source of index definitions.</summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(SqliteConnection connection, CancellationToken ct)
    {
        var indexes = new List<(string Name, string Sql)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Products' AND sql IS NOT NULL";
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        foreach (var (name, _) in indexes)
        {
            await Exec(connection, $"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", ct);
        }
        return [.. indexes.Select(i => i.Sql)];
    }

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
