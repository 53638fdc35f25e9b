using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Search;
using WebApp.Seeding;

namespace WebApp.Data;

public static class StoreDatabase
{
    /// <summary>
    /// Reads <c>ConnectionStrings:Store</c>, anchors a relative file path at the content root (so the database does not
    /// move with the working directory) and creates its folder.
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Store") ?? "Data Source=App_Data/store.db");
        var source = builder.DataSource;
        var inMemory = source.Length == 0 || source == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        if (!inMemory)
        {
            if (!Path.IsPathRooted(source)) builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, source));
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        return builder.ToString();
    }

    public static IHostApplicationBuilder AddStoreDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = ResolveConnectionString(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton<CatalogVersion>();
        builder.Services.AddSingleton<CategoryTree>();
        builder.Services.AddSingleton<ProductFacts>();
        builder.Services.AddSingleton<CatalogChangeInterceptor>();
        builder.Services.AddDbContextPool<StoreDbContext>((services, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas(), services.GetRequiredService<CatalogChangeInterceptor>()));
        builder.Services.AddSingleton(new CatalogSeeder(connectionString));
        return builder;
    }

    /// <summary>Applies migrations, then on an empty catalogue seeds <c>Seed:DefaultProducts</c> products so a first run shows a real store.</summary>
    public static async Task PrepareAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Database.MigrateAsync(ct);
            var purged = await WebApp.Cart.CartService.PurgeAbandonedAsync(db, DateTime.UtcNow, ct);
            if (purged > 0) logger.LogInformation("Deleted {Carts} anonymous carts untouched for 30 days", purged);
        }

        var defaultProducts = configuration.GetValue("Seed:DefaultProducts", 10_000);
        var seeder = services.GetRequiredService<CatalogSeeder>();
        if (defaultProducts > 0 && await seeder.CountProductsAsync(ct) == 0)
        {
            logger.LogInformation("Empty catalogue: seeding {Products} demo products (Seed:DefaultProducts)", defaultProducts);
            var result = await seeder.SeedAsync(defaultProducts, reset: true, ct: ct);
            logger.LogInformation("Seeded {Products} products in {Seconds:F1} s", result.Products, result.Elapsed.TotalSeconds);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var facts = services.GetRequiredService<ProductFacts>();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await db.Database.OpenConnectionAsync(ct);
            await facts.LoadAsync(db.Database.GetDbConnection(), ct);
            logger.LogInformation("Loaded search facts for {Products} products in {Milliseconds:F0} ms", facts.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
