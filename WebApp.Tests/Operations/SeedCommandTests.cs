using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Operations;

/// <summary>Runs the real command line (the built WebApp.dll) in its own process, as a user would.</summary>
public sealed class SeedCommandTests : IDisposable
{
    private readonly List<string> _databases = [];

    [Fact]
    public async Task Seed_is_deterministic_the_same_N_gives_the_same_products()
    {
        var first = NewDatabase();
        var second = NewDatabase();

        var (code1, output1) = await RunAsync(first, "seed", "--products", "500");
        var (code2, _) = await RunAsync(second, "seed", "--products", "500");

        Assert.Equal(0, code1);
        Assert.Equal(0, code2);
        Assert.Contains("Seeded 500 products", output1, StringComparison.Ordinal);
        var a = Dump(first);
        Assert.Equal(500, a.Count);
        Assert.Equal(a, Dump(second));
        Assert.Equal(500, a.Distinct().Count());
    }

    [Fact]
    public async Task Seed_refuses_a_non_empty_catalogue_without_reset_and_replaces_it_with_reset()
    {
        var db = NewDatabase();
        Assert.Equal(0, (await RunAsync(db, "seed", "--products", "300")).ExitCode);

        var (refused, message) = await RunAsync(db, "seed", "--products", "100");
        Assert.NotEqual(0, refused);
        Assert.Contains("--reset", message, StringComparison.Ordinal);
        Assert.Equal(300, Dump(db).Count);

        Assert.Equal(0, (await RunAsync(db, "seed", "--products", "100", "--reset")).ExitCode);
        var products = Dump(db);
        Assert.Equal(100, products.Count);
        Assert.Equal(products, Dump(db)[..100]);
    }

    [Fact]
    public async Task Help_lists_the_verbs_and_bad_arguments_are_rejected()
    {
        var db = NewDatabase();
        var (code, help) = await RunAsync(db, "--help");
        Assert.Equal(0, code);
        Assert.Contains("seed", help, StringComparison.Ordinal);

        var (badCode, _) = await RunAsync(db, "seed", "--products", "-5");
        Assert.NotEqual(0, badCode);
        var (notNumber, _) = await RunAsync(db, "seed", "--products", "many");
        Assert.NotEqual(0, notNumber);
    }

    [Fact]
    public async Task Create_admin_refuses_a_weak_password_then_creates_a_confirmed_admin_and_promotes_on_rerun()
    {
        var db = NewDatabase();
        var (weak, message) = await RunAsync(db, "create-admin", "--email", "boss@example.com", "--password", "qwertyuiop12");
        Assert.NotEqual(0, weak);
        Assert.Contains("too easy to guess", message, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(db, "create-admin", "--email", "boss@example.com", "--password", "a long and uncommon passphrase")).ExitCode);
        Assert.Equal(0, (await RunAsync(db, "create-admin", "--email", "boss@example.com", "--password", "another long passphrase now")).ExitCode);

        using var connection = new SqliteConnection($"Data Source={db}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT u.EmailConfirmed, r.Name FROM AspNetUsers u
            JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId
            WHERE u.NormalizedEmail = 'BOSS@EXAMPLE.COM'
            """;
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(1L, reader.GetInt64(0));
        Assert.Equal("Admin", reader.GetString(1));
        Assert.False(reader.Read());
    }

    private string NewDatabase()
    {
        var path = TestDatabase.NewPath();
        _databases.Add(path);
        return path;
    }

    private static List<string> Dump(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT p.Id, p.Sku, p.Name, p.Slug, p.Description, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.CreatedAt, b.Name, c.Slug, p.DepartmentId
            FROM Products p JOIN Brands b ON b.Id = p.BrandId JOIN Categories c ON c.Id = p.CategoryId ORDER BY p.Id
            """;
        using var reader = cmd.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var fields = new object[reader.FieldCount];
            reader.GetValues(fields);
            rows.Add(string.Join('|', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture))));
        }
        return rows;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Store"] = $"Data Source={database}";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.WorkingDirectory = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        output.Append(await stdout).Append(await stderr);
        return (process.ExitCode, output.ToString());
    }

    public void Dispose()
    {
        foreach (var path in _databases) TestDatabase.Delete(path);
    }
}
