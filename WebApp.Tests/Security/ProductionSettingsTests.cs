using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Security;

/// <summary>The production defaults: App:BaseUrl, only its host, and every cookie Secure and __Host- over HTTPS.</summary>
public sealed class ProductionHostTests(HttpsAccountStore store) : IClassFixture<HttpsAccountStore>
{
    private HttpClient Client(string host, bool redirects = true) =>
        store.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri($"https://{host}"), AllowAutoRedirect = redirects });

    [Fact]
    public async Task A_forged_host_is_refused_before_any_page_runs()
    {
        var email = StoreFactory.NewEmail("hostvictim");
        await store.CreateUserAsync(email);
        var evil = Client("evil.example", redirects: false);

        Assert.Equal(HttpStatusCode.BadRequest, (await evil.GetAsync("/account/forgot-password")).StatusCode);
        var forged = await evil.PostAsync("/account/forgot-password", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = email }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var protectedPage = await evil.GetAsync("/account/manage");
        Assert.Equal(HttpStatusCode.BadRequest, protectedPage.StatusCode);
        Assert.Null(protectedPage.Headers.Location);
        Assert.Equal(0, store.MailCount(email));

        // The real host works, and its mail names the configured address.
        var real = Client("shop.example.com");
        var page = await real.GetDocumentAsync("/account/forgot-password");
        await real.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.StartsWith("https://shop.example.com/account/reset-password?", store.MailLink(email, "/account/reset-password"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz/nope")]
    [InlineData("/METRICS/")]
    public async Task A_monitoring_probe_over_plain_http_that_misses_gets_a_bare_404_and_logs_no_error(string path)
    {
        var probe = store.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://shop.example.com"), AllowAutoRedirect = false });
        var errorsBefore = store.Logs.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

        var response = await probe.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(errorsBefore, store.Logs.Entries.Count(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error));
    }

    [Fact]
    public async Task Every_cookie_the_site_sets_over_https_is_secure_and_host_prefixed()
    {
        var email = StoreFactory.NewEmail("cookies");
        await store.CreateUserAsync(email);
        var twoFactor = StoreFactory.NewEmail("cookies2fa");
        await store.CreateUserAsync(twoFactor);
        using (var scope = store.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StoreUser>>();
            var user = (await users.FindByEmailAsync(twoFactor))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        var cookies = new List<string>();
        var client = Client("shop.example.com", redirects: false);

        // Antiforgery (forms), cart and TempData (an add without script), auth (sign-in), the two-factor step.
        var canonical = (await client.GetAsync("/products/3")).Headers.Location!.OriginalString;
        var product = await Html.GetDocumentAsync(await Collect(client.GetAsync(canonical)));
        await Collect(client.SendAsync(Html.FormRequest((IHtmlFormElement)product.QuerySelector("form.add-to-cart")!)));
        await Collect(client.GetAsync("/cart"));
        var login = await Html.GetDocumentAsync(await Collect(client.GetAsync("/account/login")));
        await Collect(client.SendAsync(Html.FormRequest((IHtmlFormElement)login.QuerySelector("main form")!,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = StoreFactory.Password })));
        var other = Client("shop.example.com", redirects: false);
        var otherLogin = await Html.GetDocumentAsync(await other.GetAsync("/account/login"));
        await Collect(other.SendAsync(Html.FormRequest((IHtmlFormElement)otherLogin.QuerySelector("main form")!,
            new Dictionary<string, string> { ["Input.Email"] = twoFactor, ["Input.Password"] = StoreFactory.Password })));

        var names = cookies.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Distinct().Order().ToList();
        Assert.Equal(["__Host-WebApp.Antiforgery", "__Host-WebApp.Auth", "__Host-WebApp.Cart", "__Host-WebApp.TempData", "__Host-WebApp.TwoFactor"], names);
        foreach (var cookie in cookies)
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        }

        async Task<HttpResponseMessage> Collect(Task<HttpResponseMessage> sending)
        {
            var response = await sending;
            if (response.Headers.TryGetValues("Set-Cookie", out var set)) cookies.AddRange(set);
            return response;
        }
    }
}

public sealed class StartupRuleTests
{
    [Fact]
    public void Outside_development_the_store_refuses_to_start_without_a_base_url_and_names_the_setting()
    {
        using var store = new StoreWithoutBaseUrl();

        var error = Assert.ThrowsAny<Exception>(() => store.CreateClient());

        var messages = string.Join(" ", Flatten(error).Select(e => e.Message));
        Assert.Contains("App:BaseUrl", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_address_with_secure_cookies_stops_the_store_with_one_line_naming_both_settings()
    {
        // Found by an outside review: started so, every page was an empty 500 (its antiforgery cookie refused over HTTP).
        var database = Path.Combine(Path.GetTempPath(), $"webapp-insecure-{Guid.NewGuid():N}.db");
        var (code, output) = await WebApp.Tests.Backups.StoreCli.RunAsync(database,
            "--urls", "http://127.0.0.1:0", "--Auth:SecureCookies=true", "--App:BaseUrl=http://shop.example.com/");

        Assert.Equal(1, code);
        Assert.Contains("The store is not starting: App:BaseUrl is http://shop.example.com, plain HTTP, but cookies are Secure", output, StringComparison.Ordinal);
        Assert.Contains("Auth:SecureCookies=false", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("is ready", output, StringComparison.Ordinal);
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task Data_protection_keys_are_encrypted_with_the_configured_certificate()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"webapp-keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=WebApp data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(certificate, made.Export(X509ContentType.Pfx, "test-secret"));
        }
        try
        {
            using var store = new KeyProtectedStore(certificate);
            var client = store.CreateClient();
            var form = await client.GetDocumentAsync("/account/login");   // a form: the first key is made
            Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));

            using var scope = store.Services.CreateScope();
            var keys = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml!, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml!, StringComparison.Ordinal);
            });
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [Fact]
    public async Task Data_protection_keys_use_AES_256_GCM_and_the_tokens_they_protect_are_accepted()
    {
        using var store = new EmptyStore();
        var client = store.CreateClient();
        var login = await client.GetDocumentAsync("/account/login");   // a form: the first key is made

        using (var scope = store.Services.CreateScope())
        {
            var keys = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            var key = Assert.Single(keys);
            Assert.Contains("<encryption algorithm=\"AES_256_GCM\"", key!, StringComparison.Ordinal);
            Assert.DoesNotContain("AES_256_CBC", key!, StringComparison.Ordinal);
        }

        // The antiforgery pair made with that key passes: a wrong password is answered on the form, not with a 400.
        var answer = await client.SubmitAsync((IHtmlFormElement)login.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = StoreFactory.NewEmail("gcm"),
            ["Input.Password"] = "not the password",
        });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("That email and password did not work", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Production_without_key_protection_warns_at_startup()
    {
        using var store = new ProductionStore();
        store.CreateClient();

        Assert.Contains(store.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("DataProtection:CertificatePath", StringComparison.Ordinal));
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException) yield return e;
    }

    private sealed class StoreWithoutBaseUrl : StoreFactory
    {
        protected override int SeedProducts => 0;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("App:BaseUrl", "");
        }
    }

    private sealed class KeyProtectedStore(string certificate) : StoreFactory
    {
        protected override int SeedProducts => 0;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("DataProtection:CertificatePath", certificate);
            builder.UseSetting("DataProtection:CertificatePassword", "test-secret");
        }
    }

    private sealed class EmptyStore : StoreFactory
    {
        protected override int SeedProducts => 0;
    }

    private sealed class ProductionStore : StoreFactory
    {
        protected override int SeedProducts => 0;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}

public sealed class SessionLifetimeTests(FakeClockStore store) : IClassFixture<FakeClockStore>
{
    [Fact]
    public async Task A_session_used_every_week_still_ends_thirty_days_after_sign_in()
    {
        var email = StoreFactory.NewEmail("weekly");
        await store.CreateUserAsync(email);
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = await client.GetDocumentAsync("/account/login");
        await client.SubmitAsync((IHtmlFormElement)login.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = StoreFactory.Password,
            ["Input.RememberMe"] = "true",
        });

        for (var week = 1; week <= 4; week++)
        {
            store.Clock.Advance(TimeSpan.FromDays(7));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/manage")).StatusCode);
        }
        store.Clock.Advance(TimeSpan.FromDays(3));   // day 31: the sliding cookie alone would still be valid

        var after = await client.GetAsync("/account/manage");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
