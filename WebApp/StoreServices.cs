using WebApp.Accounts;
using WebApp.Api;
using WebApp.Backups;
using WebApp.Admin;
using WebApp.Cart;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Currency;
using WebApp.Mail;
using WebApp.Data;
using WebApp.Observability;
using WebApp.Orders;
using WebApp.Reviews;
using WebApp.Search;
using WebApp.Security;
using WebApp.Storefront;

namespace WebApp;

/// <summary>Everything Program.cs wires up, in one place, so the web host and the tests build the same app.</summary>
public static class StoreServices
{
    public static WebApplicationBuilder AddStoreServices(this WebApplicationBuilder builder)
    {
        builder.AddStoreDatabase();
        builder.AddStoreCatalog();
        builder.AddStoreSearch();
        // MapStaticAssets answers browsers that accept gzip/br with precompressed files that, before publish, live in obj/
        // and are found only through the static web assets manifest. ASP.NET enables it in Development alone, which
        // leaves any other environment run from a build (tests, a staging "dotnet run") serving empty CSS and JS.
        // After publish there is no manifest and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        // ASP.NET's runtime reloader serves wwwroot files edited since a build. Run from a publish folder in Development
        // (no runtime manifest beside the assembly), it labelled its gzip bodies "br", and Chromium refused every
        // stylesheet and script (ERR_CONTENT_DECODING_FAILED; two outside reviews, session 53); started from another
        // folder, it sent them empty. A published store has nothing to reload.
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, builder.Environment.ApplicationName + ".staticwebassets.runtime.json")))
            builder.Configuration.AddInMemoryCollection([new("ReloadStaticAssetsAtRuntime", "false")]);
        // One clock for every feature; tests replace it.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStoreSecurity();
        builder.AddCatalogPageCache();
        builder.AddStoreMail();
        builder.AddStoreAccounts();
        builder.AddStoreCart();
        builder.AddStoreOrders();
        builder.AddStoreCheckout();
        builder.AddStoreAdmin();
        builder.AddStoreReviews();
        builder.AddStoreApi();
        builder.AddStoreCurrency();
        builder.AddStoreBackups();
        builder.Services.Configure<StoreIdentity>(builder.Configuration.GetSection("Store"));
        builder.Services.AddSingleton<StorePages>();
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.AddStoreObservability();
        return builder;
    }

    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        if (SecurityServices.InsecureAddressWithSecureCookies(app) is { } reason)
        {
            app.Logger.LogCritical("The store is not starting: {Reason}", reason);
            throw new WebApp.Data.StartupRefusedException(reason);
        }
        await StoreStartup.PrepareAsync(app.Services, app.Configuration, app.Logger);
        await SecurityServices.WarnAboutMissingProtectionAsync(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
            {
                app.Logger.LogInformation("WebApp store is ready: open {Url}", url);
            }
        });
    }

    public static WebApplication UseStorePipeline(this WebApplication app)
    {
        app.UseStoreRequestLog();
        app.UseReadableQuery();
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false)) app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseStoreMetricsEndpoint();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
            // Health and metrics probes come over plain HTTP on loopback; everything else moves to https.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/healthz") && !context.Request.Path.StartsWithSegments("/metrics"),
                https => https.UseHttpsRedirection());
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
        {
            // A probe over plain HTTP that misses (/healthz/x, a refused /metrics scrape) gets a bare 404: the styled page
            // has forms whose antiforgery cookie needs https, and a monitoring typo must not log an error.
            app.Use((context, next) =>
            {
                if (!context.Request.IsHttps && (context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/metrics"))
                    && context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }
                return next(context);
            });
        }
        app.UseCatalogPageShortcut();
        app.UseStoreApiEdge();
        app.UseRouting();
        app.UseRequestLogRoute();
        app.UseStoreApiCors();
        app.UseApiWrongMethod();
        app.UseAuthentication();
        app.UseApiCaller();
        app.UseLeftoverGuestCartMerge();
        // After authentication, so a refusal names the signed-in user in the security log.
        app.UseRateLimiter();
        app.UseAuthorization();
        // After authorization (a signed-in shopper is known), before the pages: anonymous catalogue pages come from here.
        app.UseCatalogPageCache();

        app.MapStaticAssets();
        app.MapStoreHealth();
        app.MapProductImages();
        MediaFiles.MapMedia(app);
        app.MapSearchSuggestions();
        WebApp.Pages.BackInStock.StopModel.MapOneClickStop(app);
        app.MapRazorPages().WithStaticAssets();
        app.MapStoreApi();
        return app;
    }
}
