using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
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
        builder.Services.AddDbContextPool<StoreDbContext>((services, options) =>
        {
            options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas());
            // The web host keeps the catalogue in memory (AddStoreCatalog) and must hear of every save; command-line
            // verbs keep nothing in memory and run without it.
            if (services.GetService<CatalogChangeInterceptor>() is { } catalogChanges) options.AddInterceptors(catalogChanges);
        });
        builder.Services.AddSingleton(new CatalogSeeder(connectionString));
        return builder;
    }

    /// <summary>A unique index refused the row (SQLITE_CONSTRAINT_UNIQUE): the provider-specific test in one place.</summary>
    public static bool IsUniqueViolation(DbUpdateException e) => e.InnerException is SqliteException { SqliteExtendedErrorCode: 2067 };
}
