using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Security;

/// <summary>Host rules, cookies, key storage, rate limits, HSTS and proxy headers: the store's security wiring in one place.</summary>
public static class SecurityServices
{
    public static WebApplicationBuilder AddStoreSecurity(this WebApplicationBuilder builder)
    {
        builder.AddHostRules();
        builder.Services.AddRazorPages(pages => PrivateAreas.Apply(pages.Conventions));
        builder.Services.AddRolePolicies();

        var cookies = new SiteCookies(builder.Configuration.GetValue("Auth:SecureCookies", !builder.Environment.IsDevelopment()));
        builder.Services.AddSingleton(cookies);
        builder.Services.AddAntiforgery(o => cookies.Apply(o.Cookie, "Antiforgery"));
        builder.Services.Configure<CookieTempDataProviderOptions>(o => cookies.Apply(o.Cookie, "TempData"));
        builder.Services.AddSingleton<CookieTempDataProvider>();
        builder.Services.AddSingleton<ITempDataProvider, QuietTempData>();
        // Identity's own cookies for the steps of signing in (the sign-in cookie itself is set up with the accounts).
        // PostConfigure: AddIdentity names them after this runs.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => cookies.Apply(o.Cookie, "TwoFactor"));
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o => cookies.Apply(o.Cookie, "TwoFactorRemember"));
        builder.Services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o => cookies.Apply(o.Cookie, "External"));
        builder.Services.Configure<MvcOptions>(o =>
        {
            o.Filters.Add<AntiforgeryFailureLog>();
            o.Filters.Add<NoHandlerNoPost>();
            o.Filters.Add<MethodNoHandlerTakes>();
            o.Filters.Add<WebApp.Pages.UnreadableCheckboxes>();
            o.ModelMetadataDetailsProviders.Add(new WebApp.Pages.BindingMessages());
            o.ModelBinderProviders.Insert(0, new WebApp.Pages.EnumNamesOnly());
            o.ModelBinderProviders.Insert(0, new WebApp.Pages.WholeNumbersOnly());
            o.ModelBinderProviders.Insert(0, new WebApp.Pages.IsoDatesOnly());
        });

        // Keys in the database, so a restart keeps everyone signed in and open forms valid; encrypted at rest with a
        // certificate when one is configured (a database backup then holds no usable key on its own).
        // AES-256-GCM rather than the default AES-256-CBC with HMAC-SHA256: authenticated encryption in one pass, and a
        // cookie-less visitor's first page protects two antiforgery tokens (37 us instead of 55 us here, most of what a
        // cached page costs such a visitor). Keys made before keep the algorithm they were made with, so cookies and
        // open forms from before stay valid; new keys, from the next rotation on, use this.
        var keys = builder.Services.AddDataProtection().PersistKeysToDbContext<StoreDbContext>().SetApplicationName("WebApp")
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            var path = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, certificatePath));
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, builder.Configuration["DataProtection:CertificatePassword"]));
        }

        // Antiforgery's tokens signed rather than encrypted (AntiforgerySigning says why); every other purpose as above.
        var protection = builder.Services.Last(d => d.ServiceType == typeof(IDataProtectionProvider));
        builder.Services.Remove(protection);
        builder.Services.AddSingleton(services =>
        {
            var inner = protection.ImplementationFactory?.Invoke(services) as IDataProtectionProvider
                ?? protection.ImplementationInstance as IDataProtectionProvider
                ?? (protection.ImplementationType is { } type ? ActivatorUtilities.CreateInstance(services, type) as IDataProtectionProvider : null)
                ?? throw new InvalidOperationException("Data protection's IDataProtectionProvider registration could not be decorated for antiforgery signing.");
            return new AntiforgerySigningKeys(services.GetRequiredService<IServiceScopeFactory>(), inner,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<AntiforgerySigningKeys>>());
        });
        builder.Services.AddSingleton<IDataProtectionProvider>(services =>
            new AntiforgerySigning(services.GetRequiredService<AntiforgerySigningKeys>().DataProtection, services.GetRequiredService<AntiforgerySigningKeys>()));

        builder.AddRateLimits();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => ForwardedHeadersFrom(builder.Configuration, forwarded));
        return builder;
    }

    /// <summary>
    /// Behind nginx: the client address and scheme come from <c>X-Forwarded-For</c>/<c>-Proto</c>, taken only from the
    /// proxies in <c>ForwardedHeaders:KnownProxies</c> and networks in <c>ForwardedHeaders:KnownNetworks</c>, or from
    /// 127.0.0.1 and ::1 when neither is set. ASP.NET's own defaults (all of 127.0.0.0/8) are dropped rather than added
    /// to, so naming a proxy means trusting only it: any other caller's forwarded headers are ignored.
    /// </summary>
    public static void ForwardedHeadersFrom(IConfiguration configuration, ForwardedHeadersOptions forwarded)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        var section = configuration.GetSection("ForwardedHeaders");
        var proxies = section.GetSection("KnownProxies").Get<string[]>() ?? [];
        var networks = section.GetSection("KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0) proxies = ["127.0.0.1", "::1"];
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies holds '{proxy}', which is not an IP address (a proxy is named by its address, e.g. 127.0.0.1)."));
        }
        foreach (var network in networks)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks holds '{network}', which is not a network in CIDR form such as 10.0.0.0/8."));
        }
    }

    /// <summary>Says at startup what production still lacks, so it is in the first lines an operator reads.</summary>
    /// <summary>
    /// Why the store cannot serve its pages, or null: Secure cookies (the default outside Development) with a public
    /// address over plain HTTP. Every page's antiforgery cookie would be refused and the error page with it, so each
    /// visitor got an empty 500 and the log an exception per request; one line at startup says what to change.
    /// </summary>
    public static string? InsecureAddressWithSecureCookies(WebApplication app) =>
        app.Services.GetRequiredService<SiteCookies>().Secure
        && Uri.TryCreate(app.Configuration["App:BaseUrl"], UriKind.Absolute, out var baseUrl) && baseUrl.Scheme == Uri.UriSchemeHttp
            ? $"App:BaseUrl is {baseUrl.GetLeftPart(UriPartial.Authority)}, plain HTTP, but cookies are Secure (Auth:SecureCookies, on outside Development), " +
              "so no page could be served. Serve the store over HTTPS and set App:BaseUrl to its https:// address (behind nginx, also ForwardedHeaders:Enabled=true), " +
              "or, only for a trial on a private machine, set Auth:SecureCookies=false."
            : null;

    public static async Task WarnAboutMissingProtectionAsync(WebApplication app)
    {
        var certificate = app.Configuration["DataProtection:CertificatePath"];
        if (app.Environment.IsProduction() && string.IsNullOrEmpty(certificate))
        {
            app.Logger.LogWarning("Data-protection keys are stored unencrypted in the database: set DataProtection:CertificatePath (a .pfx) and DataProtection:CertificatePassword to encrypt them, and protect backups like secrets.");
        }
        if (!string.IsNullOrEmpty(certificate))
        {
            // The certificate protects keys made from now on; keys made before stay readable in the database.
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var plain = await db.DataProtectionKeys.CountAsync(k => k.Xml != null && !k.Xml.Contains("encryptedSecret"));
            if (plain > 0)
            {
                app.Logger.LogWarning("{Count} data-protection keys were stored before DataProtection:CertificatePath was set and are not encrypted; they stay in use until they expire. To retire them now, delete them from the DataProtectionKeys table (everyone is signed out once).", plain);
            }
        }
        if (!app.Environment.IsDevelopment() && app.Configuration["AllowedHosts"] == "*")
        {
            app.Logger.LogWarning("AllowedHosts is \"*\": any Host header is accepted. Leave it unset to accept only the host of App:BaseUrl.");
        }
    }

    /// <summary>
    /// A post to a page (or handler) that takes none would run the page without loading its model and fail with a 500:
    /// it is a 405 (with <c>Allow</c>) instead, and a GET naming a handler the page does not have is a 404.
    /// <para>
    /// The error page re-executed for a request of any method (a PUT to an address that does not exist, a DELETE refused
    /// for want of a token, an exception in one) runs its GET handler: it has no PUT or FOO handler, and answering 405
    /// there turned every such 404, 400 or 500 into an empty 405.
    /// </para>
    /// </summary>
    private sealed class NoHandlerNoPost : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
            if (context.HandlerMethod is not null || !IsReExecuted(context.HttpContext)) return;
            context.HandlerMethod = context.ActionDescriptor.HandlerMethods.FirstOrDefault(h => h.Name is null && string.Equals(h.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase));
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (context.HandlerMethod is not null || context.ActionDescriptor.HandlerMethods.Count == 0) return;
            var method = context.HttpContext.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
            {
                context.Result = new NotFoundResult();
                return;
            }
            context.Result = MethodNotAllowed(context.HttpContext, context.ActionDescriptor);
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }

    /// <summary>
    /// A page asked with a method none of its handlers takes (a PUT or DELETE anywhere, a post to the search page or to
    /// a page without a model, which is only ever shown) answers 405 with <c>Allow</c> before antiforgery looks for a
    /// token: no token could make such a request acceptable, and the 400 it answered said "refused" where the answer is
    /// "not here". A post naming a handler the page lacks, to a page that does take posts, still needs its token first
    /// (<see cref="NoHandlerNoPost"/>).
    /// </summary>
    private sealed class MethodNoHandlerTakes : IAuthorizationFilter, IOrderedFilter
    {
        // Before the antiforgery check, whose filter runs at AutoValidateAntiforgeryTokenAttribute's order, 1000.
        public int Order => 500;

        public void OnAuthorization(AuthorizationFilterContext context)
        {
            var method = context.HttpContext.Request.Method;
            if (context.ActionDescriptor is not CompiledPageActionDescriptor page
                || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || IsReExecuted(context.HttpContext)
                || page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase))) return;
            context.Result = MethodNotAllowed(context.HttpContext, page);
        }
    }

    // The error page re-executed for a PUT that found nothing runs as a PUT: it must show the 404, not refuse the method.
    private static bool IsReExecuted(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
        || context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;

    // What the page does take (HEAD wherever GET is), as RFC 9110 asks of a 405.
    private static StatusCodeResult MethodNotAllowed(HttpContext context, CompiledPageActionDescriptor page)
    {
        var allowed = page.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        // A page without a model (or handlers) is only ever shown.
        if (allowed.Count == 0) allowed.Add(HttpMethods.Get);
        if (allowed.Contains(HttpMethods.Get)) allowed.Add(HttpMethods.Head);
        context.Response.Headers.Allow = string.Join(", ", allowed.Order(StringComparer.Ordinal));
        return new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
    }

    /// <summary>
    /// A form posted without a valid antiforgery token is refused by MVC; this logs it as a security event. A form
    /// opened before the visitor signed in or out from another tab is no forgery: it goes back to its page with a message.
    /// </summary>
    private sealed class AntiforgeryFailureLog(ILogger<AntiforgeryFailureLog> logger, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery, ITempDataDictionaryFactory tempData) : IAsyncAlwaysRunResultFilter
    {
        // What was typed is not kept (the form went nowhere): the page it goes back to is this visitor's as they are now.
        public const string SignedInMeanwhile = "You signed in from another tab or window after this page was opened, so that was not done. The page is now up to date: please try again (anything you had typed needs entering again).";
        public const string SignedOutMeanwhile = "You signed out, or signed in as someone else, in another tab or window after this page was opened, so that was not done. The page is now up to date: please try again (anything you had typed needs entering again).";

        // Longer Referers go to the form's own page: a 30,000-character one was sent back whole as the Location (session
        // 46's review), which a proxy's header buffers may refuse.
        private const int MaxBackLength = 2048;

        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            // A form whose body never arrived (the client hung up) fails the check too, but is no forgery; nor does one the
            // framework's form reader refuses (a field holding "%00"), whose token was never read: each was logged as a
            // forgery against whoever sent it (an outside review, session 44).
            if (context.Result is IAntiforgeryValidationFailedResult && !context.HttpContext.RequestAborted.IsCancellationRequested
                && await FormIsReadableAsync(context.HttpContext.Request))
            {
                if (await MeanwhileAsync(context.HttpContext) is { } message)
                {
                    // A guest's checkout sent after signing in in another tab got the bare "Bad request" page, and what
                    // happened to the order was anyone's guess (an outside review, session 45).
                    context.Result = Back(context.HttpContext, message);
                }
                else
                {
                    SecurityEvents.Log(logger, SecurityEvents.AntiforgeryFailed, context.HttpContext);
                }
            }
            await next();
        }

        private IActionResult Back(HttpContext http, string message)
        {
            // The cart page's script swaps in the cart section of whatever comes back, so a redirect's message, outside
            // it, was dropped and the header still said "Sign in" (session 46's review). An answer the script cannot
            // use makes it send the form again without script, which comes back here and is redirected.
            if (http.Request.Headers.ContainsKey("X-Cart-Fragment"))
            {
                return new ContentResult { StatusCode = StatusCodes.Status409Conflict, Content = message, ContentType = "text/plain; charset=utf-8" };
            }
            // The authorization filter refused the form before TempData's own filter runs, so the message is saved here.
            var data = tempData.GetTempData(http);
            WebApp.Pages.Flash.Set(data, message, isError: true);
            data.Save();
            return new RedirectResult(BackTo(http.Request));
        }

        // Whether the form's token is this browser's own, made before it signed in or out: the sign-in case is checked by
        // validating it as the anonymous visitor it was made for; otherwise the check's own words say the token and
        // cookie match but were made for another user (or none). A token made for another browser, or none, stays a
        // forgery. Either way nothing the form asked for is done.
        private async Task<string?> MeanwhileAsync(HttpContext http)
        {
            var user = http.User;
            if (user.Identity?.IsAuthenticated == true)
            {
                http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
                try
                {
                    if (await antiforgery.IsRequestValidAsync(http)) return SignedInMeanwhile;
                }
                finally
                {
                    http.User = user;
                }
            }
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException e)
            {
                // Antiforgery's words for a matching pair made for someone else (its ClaimUid and Username mismatches);
                // a pair that does not match, or a missing token, is said otherwise.
                return e.Message.StartsWith("The provided antiforgery token was meant for ", StringComparison.Ordinal) ? SignedOutMeanwhile : null;
            }
            return null;
        }

        // The page the form was on, when the browser says (same origin), else the page that takes the form.
        private static string BackTo(HttpRequest request)
        {
            if (Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer)
                && string.Equals(referer.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(referer.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                && referer.PathAndQuery.Length <= MaxBackLength
                && referer.PathAndQuery.StartsWith('/') && !referer.PathAndQuery.StartsWith("//", StringComparison.Ordinal)
                && !referer.PathAndQuery.StartsWith("/\\", StringComparison.Ordinal))
            {
                return referer.PathAndQuery;
            }
            return request.PathBase + request.Path;
        }

        private static async Task<bool> FormIsReadableAsync(HttpRequest request)
        {
            if (!request.HasFormContentType) return true;
            try
            {
                await request.ReadFormAsync(request.HttpContext.RequestAborted);
                return true;
            }
            catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                return false;
            }
        }
    }
}
