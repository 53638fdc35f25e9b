using System.Net;
using Microsoft.AspNetCore.Hosting;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

/// <summary>A store with its limits on, small, and API origins configured for one partner.</summary>
public sealed class LimitedApiStore : ApiStore
{
    protected override bool RateLimited => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimiting:Accounts:PermitLimit", "4");
        builder.UseSetting("RateLimiting:Accounts:Window", "00:05:00");
        builder.UseSetting("RateLimiting:Refresh:PermitLimit", "3");
        builder.UseSetting("RateLimiting:Refresh:Window", "00:05:00");
        builder.UseSetting("RateLimiting:Api:PermitLimit", "5");
        builder.UseSetting("RateLimiting:Api:Window", "00:05:00");
        builder.UseSetting("Api:CorsOrigins:0", "https://partner.example");
    }
}

public sealed class ApiLimitTests(LimitedApiStore store) : IClassFixture<LimitedApiStore>
{
    [Fact]
    public async Task Api_logins_and_sign_in_page_posts_share_one_budget_and_the_excess_is_429_with_retry_after()
    {
        // Each test here is one "client address" (the test server's); this one spends the account budget.
        var client = store.CookieClient();
        var email = ApiStore.NewEmail("limited");
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(client, email, "wrong password here")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(client, email, "wrong password here")).StatusCode);
        await ApiStore.ProblemAsync(await ApiStore.LoginAsync(client, email, "wrong password here"), HttpStatusCode.Unauthorized);
        await ApiStore.ProblemAsync(await ApiStore.LoginAsync(client, email, "wrong password here"), HttpStatusCode.Unauthorized);

        var refused = await ApiStore.LoginAsync(client, email, "wrong password here");
        var problem = await ApiStore.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) > 0);
        // Every other problem names its type; this one had none (session 46's second review).
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Api_calls_are_limited_per_token_not_only_per_address()
    {
        var (first, _, _) = await CreateBearerWithoutLoginBudgetAsync();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/cart")).StatusCode);
        var refused = await first.GetAsync("/api/v1/cart");
        await ApiStore.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));

        // Another account from the same address has its own budget.
        var (second, _, _) = await CreateBearerWithoutLoginBudgetAsync();
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/cart")).StatusCode);
    }

    // Tokens made directly, so this test does not spend the address's sign-in budget that the other test measures.
    private async Task<(HttpClient, string, string)> CreateBearerWithoutLoginBudgetAsync()
    {
        var email = ApiStore.NewEmail("token");
        await store.CreateUserAsync(email);
        var token = await store.IssueTokenAsync(email);
        var client = store.AppClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (client, email, token);
    }

    [Fact]
    public async Task A_configured_partner_origin_may_call_with_a_token_and_others_get_no_cors_headers()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/orders");
        preflight.Headers.Add("Origin", "https://partner.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
        var allowed = await store.AppClient().SendAsync(preflight);
        Assert.Equal("https://partner.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));

        var other = new HttpRequestMessage(HttpMethod.Options, "/api/v1/orders");
        other.Headers.Add("Origin", "https://evil.example");
        other.Headers.Add("Access-Control-Request-Method", "POST");
        var refused = await store.AppClient().SendAsync(other);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}

/// <summary>A store of its own: its address's sign-in budget is spent here, which the tests above must find whole.</summary>
public sealed class ApiRefreshLimitTests(LimitedApiStore store) : IClassFixture<LimitedApiStore>
{
    [Fact]
    public async Task Token_refreshes_have_a_budget_of_their_own_beside_sign_ins()
    {
        var email = ApiStore.NewEmail("refresher");
        await store.CreateUserAsync(email);
        var refresh = await store.IssueRefreshTokenAsync(email);
        var client = store.AppClient();
        // The address's sign-in budget spent.
        for (var i = 0; i < 5; i++) await ApiStore.LoginAsync(client, email, "wrong password here");
        await ApiStore.ProblemAsync(await ApiStore.LoginAsync(client, email, "wrong password here"), HttpStatusCode.TooManyRequests);

        // Refreshes still go through: on the sign-in budget, ten sign-ins from one carrier address signed every app
        // there out (an outside review, session 45). They have their own limit, with the same 429.
        for (var i = 0; i < 3; i++)
        {
            await ApiStore.JsonAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = refresh })), HttpStatusCode.OK);
        }
        var refused = await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/auth/refresh", new { refreshToken = refresh }));
        await ApiStore.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
