using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Search;
using WebApp.Security;

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
        builder.Services.AddRazorPages(pages =>
        {
            // One rule for the whole admin area, not an attribute per page.
            pages.Conventions.AuthorizeFolder("/Admin", "Admin");
            pages.Conventions.AuthorizeFolder("/Account/Manage");
            pages.Conventions.AuthorizeFolder("/Checkout");
            pages.Conventions.AuthorizeFolder("/Orders");
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy("Admin", policy => policy.RequireRole("Admin"));
        builder.AddStoreAccounts();
        builder.AddStoreCheckout();
        builder.AddRateLimits();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        // Behind nginx: trust X-Forwarded-For/-Proto from the proxies listed in ForwardedHeaders:KnownProxies only.
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in builder.Configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });
        builder.Services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        builder.Services.AddHealthChecks()
            // A real read, not just "can open a file": SQLite creates a missing database on open.
            .AddDbContextCheck<StoreDbContext>(customTestQuery: async (db, ct) =>
            {
                await db.Products.AsNoTracking().Select(p => p.Id).FirstOrDefaultAsync(ct);
                return true;
            });
        return builder;
    }

    public static async Task PrepareStoreAsync(this WebApplication app)
    {
        await StoreStartup.PrepareAsync(app.Services, app.Configuration, app.Logger);
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
        if (app.Configuration.GetValue("ForwardedHeaders:Enabled", false)) app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapProductImages();
        app.MapSearchSuggestions();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
