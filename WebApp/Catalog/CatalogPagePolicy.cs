using Microsoft.AspNetCore.OutputCaching;
using WebApp.Currency;
using WebApp.Search;

namespace WebApp.Catalog;

/// <summary>
/// The output-cache policy of catalogue pages, applied after ASP.NET's default one (GET or HEAD, not authenticated, a
/// 200 that sets no cookie, keyed by the whole URL with its query string). It adds: shared only as
/// <see cref="CatalogPageCache.IsShared"/> says, one copy per display currency, the tags changes evict by, and no storing
/// of a render that a catalogue change overtook.
/// </summary>
public sealed class CatalogPagePolicy : IOutputCachePolicy
{
    private static readonly object s_generation = new();

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var cache = services.GetRequiredService<CatalogPageCache>();
        var shared = cache.IsShared(http);
        context.AllowCacheLookup &= shared;
        context.AllowCacheStorage &= shared;
        if (!shared) return;

        http.Items[s_generation] = cache.Generation;
        context.ResponseExpirationTimeSpan = cache.Lifetime;
        // Prices are rendered in the visitor's currency: the resolved code, so a forged cookie shares the store's own.
        var choice = services.GetRequiredService<CurrencyChoice>();
        var currency = choice.For(http).Code;
        context.CacheVaryByRules.VaryByValues["currency"] = currency;
        // Only the parameters the pages read, defaults left out: marketing tags (utm_source, gclid), made-up ones and a
        // spelled-out default sort share the page's copy instead of each rendering one of their own.
        // ASP.NET's default policy varies by the whole query string ("*"); the parameters are in the value instead.
        context.CacheVaryByRules.QueryKeys = Microsoft.Extensions.Primitives.StringValues.Empty;
        context.CacheVaryByRules.VaryByValues["query"] = CatalogPageCache.VaryKey(http.Request);
        // Not by host: every host that gets this far is one the store answers for (host filtering turned the rest away),
        // the pages hold no absolute address, and a key with the host carried its port too, so a client could make a
        // stored copy of every page for each of 65,535 ports and push the real ones out (found by an outside review).
        context.CacheVaryByRules.VaryByHost = false;
        context.Tags.Add(CatalogPageCache.Tags.All);
        if (currency != choice.BaseCurrency) context.Tags.Add(CatalogPageCache.Tags.Converted);

        var route = http.Request.RouteValues;
        switch (route["page"] as string)
        {
            case "/Index":
                context.Tags.Add(CatalogPageCache.Tags.Home);
                break;
            case "/Categories/Show" when route["slug"] is string slug:
                if ((await services.GetRequiredService<CategoryTree>().GetAsync()).BySlug.TryGetValue(slug, out var category))
                {
                    context.Tags.Add(CatalogPageCache.Tags.Category(category.Id));
                }
                break;
            case "/Search/Index":
                context.Tags.Add(CatalogPageCache.Tags.Search);
                break;
            case "/Products/Show" when int.TryParse(route["id"] as string, out var id):
                context.Tags.Add(CatalogPageCache.Tags.Product(id));
                if (services.GetRequiredService<ProductFacts>().TryGet(id, out var fact)) context.Tags.Add(CatalogPageCache.Tags.Related(fact.CategoryId));
                break;
        }
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.HttpContext.RequestServices.GetRequiredService<CatalogPageCache>().CountHit(context.HttpContext);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!http.Items.TryGetValue(s_generation, out var started) || started is not long generation) return ValueTask.CompletedTask;
        var cache = http.RequestServices.GetRequiredService<CatalogPageCache>();
        cache.CountMiss();
        // Razor writes nothing before the page and its partials have read everything, so a change published since the
        // request began may be missing from this render: show it to this visitor, store it for nobody.
        if (cache.Generation != generation || CatalogPageCache.IsStoredForNobody(http)) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
