using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebApp.Accounts;
using WebApp.Data;

namespace WebApp.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (FTS5 and raw SQL need the real engine), seeded on first run the way a
/// newcomer's first <c>dotnet run</c> is. Environment "Testing" so errors render the production error page.
/// </summary>
public class StoreFactory : WebApplicationFactory<Program>
{
    public const int SeededProducts = 1200;

    public string DatabasePath { get; init; } = TestDatabase.NewPath();

    /// <summary>Where this app's mail goes (a pickup folder of its own, never the repository's App_Data).</summary>
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), $"webapp-mail-{Guid.NewGuid():N}");

    /// <summary>The confirmation link from the newest mail to <paramref name="email"/>, as a path and query.</summary>
    public string ConfirmationLink(string email) => new Uri(MailLink(email, "/account/confirm-email")).PathAndQuery;

    /// <summary>The absolute link to <paramref name="path"/> in the newest mail to <paramref name="email"/>.</summary>
    public string MailLink(string email, string path)
    {
        var mail = Directory.GetFiles(MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllText).Last(text => text.Contains($"To: {email}", StringComparison.Ordinal) && text.Contains(path, StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Match(mail, @"https?://\S+" + System.Text.RegularExpressions.Regex.Escape(path) + @"\S*").Value;
    }

    /// <summary>Fills and posts the registration form as a shopper would.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetDocumentAsync("/account/register");
        return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    /// <summary>Opens the newest confirmation link mailed to <paramref name="email"/> and confirms with the password.</summary>
    public async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string email, string password = Password)
    {
        var page = await client.GetDocumentAsync(ConfirmationLink(email));
        return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("form#confirm-email")!, new Dictionary<string, string> { ["Password"] = password });
    }

    public int MailCount(string email) => Directory.Exists(MailDirectory)
        ? Directory.GetFiles(MailDirectory, "*.eml").Count(f => File.ReadAllText(f).Contains($"To: {email}", StringComparison.Ordinal))
        : 0;

    /// <summary>What the app logged (Information and above).</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>Uploaded photos, outside the source tree.</summary>
    public string MediaDirectory { get; } = Path.Combine(Path.GetTempPath(), $"webapp-media-{Guid.NewGuid():N}");

    /// <summary>False for a second host over the same database (a restart): the first one deletes the file.</summary>
    public bool OwnsDatabase { get; init; } = true;

    protected virtual int SeedProducts => SeededProducts;

    /// <summary>Test hosts speak plain HTTP, where a browser (and HttpClient) would drop a Secure cookie.</summary>
    protected virtual bool SecureCookies => false;

    /// <summary>Rate limits are off unless a test is about them: the suites send hundreds of requests from one "address".</summary>
    protected virtual bool RateLimited => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Store", $"Data Source={DatabasePath}");
        builder.UseSetting("Seed:DefaultProducts", SeedProducts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("RateLimiting:Enabled", RateLimited ? "true" : "false");
        builder.UseSetting("Email:PickupDirectory", MailDirectory);
        // Mail is written before the response, so a test can read it at once (the app queues it by default).
        builder.UseSetting("Email:SendInBackground", "false");
        builder.UseSetting("Media:Directory", MediaDirectory);
        // No exchange-rate calls to the internet from tests; the currency tests point Rates:Url at a fake on loopback.
        builder.UseSetting("Rates:Url", "");
        builder.UseSetting("Auth:SecureCookies", SecureCookies ? "true" : "false");
        // Outside Development the store needs its public address (and accepts only its host unless AllowedHosts says
        // more): the test server's own, plus a made-up public name for the tests that need a host HSTS applies to.
        builder.UseSetting("App:BaseUrl", "http://localhost");
        builder.UseSetting("AllowedHosts", "localhost;store.example");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingEndpoint>());
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public const string Password = "amber kettle orbit willow";

    /// <summary>An address no other test uses.</summary>
    public static string NewEmail(string prefix) => $"{prefix}{Guid.NewGuid():N}@example.com";

    public async Task<HttpClient> SignedInClientAsync(string email, string password = Password, string? role = null)
    {
        await CreateUserAsync(email, password, role);
        var client = CreateClient();
        var response = await Login(client, email, password);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>A confirmed account, made directly (registration itself is tested by the account tests).</summary>
    public async Task CreateUserAsync(string email, string password = Password, string? role = null)
    {
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var user = new StoreUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            if (role is not null)
            {
                var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
                if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
                await users.AddToRoleAsync(user, role);
            }
        }
    }

    public static async Task<HttpResponseMessage> Login(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var page = await client.GetDocumentAsync("/account/login" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    /// <summary>Sets a product's stock and, optionally, its price through EF, the path admin edits take.</summary>
    public async Task SetProductAsync(int id, int stock, long? priceCents = null)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var product = await db.Products.SingleAsync(p => p.Id == id);
        product.Stock = stock;
        product.IsActive = true;
        if (priceCents is { } price) product.PriceCents = price;
        await db.SaveChangesAsync();
    }

    public HttpClient CreateBrowserlessClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(MailDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { Directory.Delete(MediaDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (OwnsDatabase) TestDatabase.Delete(DatabasePath);
    }

    /// <summary>"/__test/throw" fails the way a bug would, to prove the error page; it sits after the app's endpoints.</summary>
    private sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use(async (HttpContext context, RequestDelegate nextMiddleware) =>
            {
                if (context.Request.Path == "/__test/throw") throw new InvalidOperationException("Deliberate test failure with secret detail");
                await nextMiddleware(context);
            });
        };
    }
}
