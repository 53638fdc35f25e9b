using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Operations;

public sealed class DatabaseSettingsTests(StoreFactory factory) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Every_connection_runs_with_wal_normal_sync_foreign_keys_and_a_busy_timeout()
    {
        // Several contexts, so pooled and freshly opened connections are both covered.
        for (var i = 0; i < 3; i++)
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Database.OpenConnectionAsync();
            Assert.Equal("wal", await Pragma(db, "journal_mode"));
            Assert.Equal("1", await Pragma(db, "synchronous"));   // NORMAL
            Assert.Equal("1", await Pragma(db, "foreign_keys"));
            Assert.Equal("5000", await Pragma(db, "busy_timeout"));
            Assert.Equal("-512", await Pragma(db, "cache_size"));   // 512 KB a connection (SqlitePragmas.PageCache)
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task Stock_can_never_go_negative()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() =>
            db.Products.Where(p => p.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, -1)));
        Assert.Contains("CHECK constraint failed", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<string> Pragma(StoreDbContext db, string name)
    {
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
