using Microsoft.EntityFrameworkCore;
using WebApp.Search;
using WebApp.Seeding;

namespace WebApp.Data;

/// <summary>What runs once before the store takes requests: the schema, a first catalogue, housekeeping, search's facts.</summary>
public static class StoreStartup
{
    /// <summary>
    /// Marks the database in use (see <see cref="WebApp.Backups.StoreInUse"/>), applies migrations (<see cref="GuardedMigrations"/>) and deletes abandoned carts; on an empty catalogue seeds <c>Seed:DefaultProducts</c> products so a
    /// first run shows a real store; then loads search's facts.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var backups = services.GetRequiredService<WebApp.Backups.StoreBackups>();
            if (!backups.TryHoldDatabase())
            {
                var reason = $"a restore (or another release's upgrade) is using {backups.DatabasePath}: wait for it to finish, then start again.";
                logger.LogCritical("The store is not starting: {Reason}", reason);
                throw new StartupRefusedException(reason);
            }
            var codesToFill = (await db.Database.GetPendingMigrationsAsync(ct)).Any(m => m.EndsWith("_OrderShippingMethodCode", StringComparison.Ordinal));
            await GuardedMigrations.MigrateAsync(db, backups, services.GetRequiredService<TimeProvider>(), logger, ct);
            if (codesToFill) await FillShippingMethodCodesAsync(db, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebApp.Checkout.CheckoutOptions>>().Value, logger, ct);
            var purged = await WebApp.Cart.CartService.PurgeAbandonedAsync(db, DateTime.UtcNow, ct);
            await services.GetRequiredService<WebApp.Api.RevokedTokens>().LoadAsync(db, ct);
            if (purged > 0) logger.LogInformation("Deleted {Carts} anonymous carts untouched for {Days} days or merged at a sign-in over a day ago", purged, WebApp.Cart.CartService.AnonymousLifetime.TotalDays);
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
            // Reading every product's name leaves a few hundred MB of dead strings behind; hand the memory they took
            // back to the system once, rather than keep it committed for the life of the process.
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }

    // Orders placed before the code was stored (session 47) get it once, by the name they were placed under, from the
    // delivery options configured at the upgrade: a migration cannot read the configuration, and a later rename would
    // otherwise leave them with none (session 46's note).
    private static async Task FillShippingMethodCodesAsync(StoreDbContext db, WebApp.Checkout.CheckoutOptions options, ILogger logger, CancellationToken ct)
    {
        var filled = 0;
        foreach (var method in options.ShippingMethods)
        {
            // Early releases stored the code itself where the name now is.
            filled += await db.Orders.Where(o => o.ShippingMethodCode == null && (o.ShippingMethod == method.Name || o.ShippingMethod == method.Code))
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.ShippingMethodCode, method.Code), ct);
        }
        if (filled > 0) logger.LogInformation("Recorded the delivery option's code on {Orders} earlier orders", filled);
    }
}
