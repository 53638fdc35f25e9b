using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;

namespace WebApp.Catalog;

public static class CatalogPageCacheServices
{
    /// <summary>Output caching of anonymous catalogue pages (<see cref="CatalogPageCache"/>). After AddRazorPages.</summary>
    public static IHostApplicationBuilder AddCatalogPageCache(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("PageCache");
        builder.Services.Configure<CatalogPageCacheOptions>(section);
        builder.Services.AddOutputCache(o =>
        {
            // A stored page answers only its own spelling of the path: routing ignores letter case, and a product page
            // asked for in another case is a redirect to its canonical address, which a copy stored under any case
            // would answer instead (an outside review saw 301 before the page was stored and 200 after).
            o.UseCaseSensitivePaths = true;
            o.AddPolicy(CatalogPageCache.PolicyName, policy => policy.AddPolicy<CatalogPagePolicy>());
        });
        builder.Services.AddSingleton<CatalogPagePolicy>();
        builder.Services.AddSingleton<CatalogPageCache>();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(pages =>
        {
            foreach (var page in CatalogPageCache.Pages)
            {
                pages.Conventions.AddPageApplicationModelConvention(page,
                    model => model.EndpointMetadata.Add(new OutputCacheAttribute { PolicyName = CatalogPageCache.PolicyName }));
            }
        });

        // In place of the memory store AddOutputCache registered: pages kept as their gzip copies (PageStore), and which
        // entry each request's page came from or went into noted on the request (the fill and the shortcut read it).
        builder.Services.AddHttpContextAccessor();
        builder.Services.Remove(builder.Services.Last(d => d.ServiceType == typeof(IOutputCacheStore)));
        builder.Services.AddSingleton<PageStore>();
        builder.Services.AddSingleton<IOutputCacheStore>(services => services.GetRequiredService<PageStore>());
        builder.Services.AddSingleton<VisitorTokens>();
        builder.Services.AddSingleton<VisitorValues>();
        builder.Services.AddSingleton<PageShortcut>();
        builder.Services.AddSingleton<SharedRenderLimit>();
        builder.Services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.AddService<SharedRenderLimit>());

        // Decorate the antiforgery service AddRazorPages registered, so shared renders get placeholders.
        var registered = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IAntiforgery))
            ?? throw new InvalidOperationException("AddCatalogPageCache must follow AddRazorPages (it decorates IAntiforgery).");
        builder.Services.Remove(registered);
        builder.Services.AddSingleton<IAntiforgery>(services => new SharedRenderAntiforgery(
            Create<IAntiforgery>(services, registered), services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AntiforgeryOptions>>()));
        return builder;
    }

    // The service a registration would have produced, for a decorator to wrap.
    private static T Create<T>(IServiceProvider services, ServiceDescriptor registered) where T : class =>
        registered.ImplementationType is { } type ? (T)ActivatorUtilities.CreateInstance(services, type)
            : registered.ImplementationFactory is { } factory ? (T)factory(services)
            : (T)registered.ImplementationInstance!;

    /// <summary>
    /// Before routing (after HTTPS redirection and the security headers): a remembered hit's gzip copy is sent from here
    /// (<see cref="PageShortcut"/>).
    /// </summary>
    public static IApplicationBuilder UseCatalogPageShortcut(this IApplicationBuilder app)
    {
        var shortcuts = app.ApplicationServices.GetRequiredService<PageShortcut>();
        return app.Use(async (context, next) =>
        {
            if (!await shortcuts.TrySendAsync(context)) await next(context);
        });
    }

    /// <summary>After routing and authentication: the fill outside, the cache inside.</summary>
    public static IApplicationBuilder UseCatalogPageCache(this IApplicationBuilder app)
    {
        app.UseMiddleware<CatalogPageFill>();
        app.UseOutputCache();
        // Inside the cache: only a shared render (a miss) passes here, and what it writes is what is stored.
        app.Use(async (context, next) =>
        {
            if (!CatalogPageCache.IsRenderingShared(context))
            {
                await next(context);
                return;
            }
            var body = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()!;
            await using var trimmed = new IndentTrimStream(body.Stream);
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(new StreamResponseBodyFeature(trimmed, body));
            try
            {
                await next(context);
                await trimmed.FlushAsync(context.RequestAborted);
            }
            finally
            {
                context.Features.Set(body);
            }
        });
        return app;
    }
}
