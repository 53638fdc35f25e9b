using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using WebApp.Cart;
using WebApp.Data;
using WebApp.Security;

namespace WebApp.Accounts;

public static class AccountServices
{
    /// <summary>The key in the sign-in cookie's (encrypted) properties that holds when the session began.</summary>
    private const string SignedInAtKey = "webapp.signed-in-at";

    public static WebApplicationBuilder AddStoreAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<StoreUser, IdentityRole>(Configure)
            .AddEntityFrameworkStores<StoreDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicy>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CurrentShopper>();
        builder.Services.AddScoped<Reauthentication>();
        builder.Services.AddSingleton<SignInGate>();
        builder.Services.AddScoped<PasswordSignIn>();
        builder.Services.AddScoped<SecurityNotices>();
        builder.Services.AddScoped<ConfirmationMail>();
        builder.Services.AddSingleton<AccountMail>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccountMail>());
        builder.Services.AddMemoryCache();   // app codes already used, until their window closes

        // The stamp is checked on every request, so signing out or changing the password ends every copy of the cookie.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        var absoluteLifetime = builder.Configuration.GetValue("Auth:AbsoluteLifetime", TimeSpan.FromDays(30));
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SiteCookies, TimeProvider>((cookie, cookies, clock) =>
        {
            cookies.Apply(cookie.Cookie, "Auth");
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/login";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);

            cookie.Events.OnSigningIn = context =>
            {
                // Kept across renewals and refreshes (they carry the properties over): the start of the whole session.
                context.Properties.Items.TryAdd(SignedInAtKey, clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
                return Task.CompletedTask;
            };
            // Every way of signing in (password, second factor) ends here: the anonymous cart joins the account's.
            cookie.Events.OnSignedIn = async context =>
            {
                var shopper = context.HttpContext.RequestServices.GetRequiredService<CurrentShopper>();
                if (CurrentShopper.UserIdOf(context.Principal!) is { } userId && shopper.AnonymousCartId is { } anonymousCartId)
                {
                    shopper.ForgetAnonymousCart();
                    var capped = await context.HttpContext.RequestServices.GetRequiredService<CartService>().MergeAsync(anonymousCartId, userId);
                    if (capped.Count > 0)
                    {
                        // Kept by the sign-in page's own TempData (the same dictionary), shown on the page it goes to.
                        var tempData = context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
                        WebApp.Pages.Flash.Set(tempData, CartService.CappedAtSignIn(capped), linksToCart: true);
                    }
                }
            };
            var checkStamp = cookie.Events.OnValidatePrincipal;
            cookie.Events.OnValidatePrincipal = async context =>
            {
                // Sliding expiry renews the cookie on use; this ends a session however often it is used.
                if (context.Properties.Items.TryGetValue(SignedInAtKey, out var value) && long.TryParse(value, out var seconds)
                    && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > absoluteLifetime)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await checkStamp(context);
            };
            // The sign-in handler would follow a returnUrl in the query by itself, unchecked (a non-ASCII one cannot even
            // be written as a header): the pages decide where to go, through SafeRedirect.
            cookie.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask;
            // Relative, so a forged Host header is never echoed into the Location of a sign-in redirect.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.Redirect(Relative(context.RedirectUri));
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A signed-in customer on an admin page gets the styled 403 page, not a redirect to sign in again.
                SecurityEvents.Log(context.HttpContext, SecurityEvents.Forbidden);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        return builder;
    }

    private static string Relative(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : uri;

    /// <summary>The account rules, shared by the web app and the create-admin verb.</summary>
    public static void Configure(IdentityOptions options)
    {
        // ASVS 2.1: length, not composition; the rest of the rules are PasswordPolicy's.
        options.Password.RequiredLength = PasswordPolicy.MinLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
        // The user name is the email address: any character an address may hold (a '!' refused here once left a
        // changed account's old address as its user name).
        options.User.AllowedUserNameCharacters = "";
        options.SignIn.RequireConfirmedEmail = true;
    }
}
