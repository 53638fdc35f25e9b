using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using WebApp.Data;

namespace WebApp.Accounts;

public static class AccountServices
{
    public static WebApplicationBuilder AddStoreAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().PersistKeysToDbContext<StoreDbContext>().SetApplicationName("WebApp");
        builder.Services
            .AddIdentity<StoreUser, IdentityRole>(Configure)
            .AddEntityFrameworkStores<StoreDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        // The stamp is checked on every request, so signing out or changing the password ends every copy of the cookie.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        // Served over HTTPS (everywhere but Development): a Secure, __Host- prefixed cookie, which a subdomain or a
        // plain-HTTP page cannot set or overwrite. Auth:SecureCookies=false only for plain-HTTP test hosts.
        var secure = builder.Configuration.GetValue("Auth:SecureCookies", !builder.Environment.IsDevelopment());
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = secure ? "__Host-WebApp.Auth" : ".WebApp.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/login";
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(14);
            // Every way of signing in (password, second factor) ends here: the anonymous cart joins the account's.
            cookie.Events.OnSignedIn = async context =>
            {
                if (WebApp.Cart.CartService.UserIdOf(context.Principal!) is { } userId)
                {
                    await context.HttpContext.RequestServices.GetRequiredService<WebApp.Cart.CartService>().MergeAtSignInAsync(context.HttpContext, userId);
                }
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A signed-in customer on an admin page gets the styled 403 page, not a redirect to sign in again.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        if (builder.Configuration["Email:Smtp:Host"] is { Length: > 0 }) builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        else builder.Services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        return builder;
    }

    /// <summary>The account rules, shared by the web app and the create-admin verb.</summary>
    public static void Configure(IdentityOptions options)
    {
        // ASVS 2.1: length, not composition; the common-password list and the 128 cap are CommonPasswordValidator's.
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedEmail = true;
    }
}
