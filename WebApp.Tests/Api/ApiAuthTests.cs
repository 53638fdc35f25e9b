using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Accounts;

namespace WebApp.Tests.Api;

public sealed class ApiAuthTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task App_signs_in_for_a_bearer_token_and_sees_its_orders()
    {
        var (client, _, tokens) = await store.BearerClientAsync();
        Assert.Equal("Bearer", tokens.GetProperty("tokenType").GetString());
        Assert.Equal(3600, tokens.GetProperty("expiresIn").GetInt32());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));

        var orders = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        Assert.Equal(0, orders.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Refresh_token_gives_a_new_access_token_that_works()
    {
        var (_, _, tokens) = await store.BearerClientAsync();
        var client = store.AppClient();
        var refreshed = await ApiStore.JsonAsync(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }), HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/orders")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_access_token_and_the_refresh_token()
    {
        var (client, email, tokens) = await store.BearerClientAsync();
        await store.WithUserAsync(email, (users, user) => users.UpdateSecurityStampAsync(user));

        var call = await client.GetAsync("/api/v1/orders");
        await ApiStore.ProblemAsync(call, HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", call.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var refresh = await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        await ApiStore.ProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_this_apps_tokens_only_and_keeps_them_ended_across_a_restart()
    {
        var (client, email, tokens) = await store.BearerClientAsync("logout");
        var refreshToken = tokens.GetProperty("refreshToken").GetString()!;
        // The same account on a second device.
        var other = store.AppClient();
        var otherTokens = await ApiStore.JsonAsync(await ApiStore.LoginAsync(other, email), HttpStatusCode.OK);
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", otherTokens.GetProperty("accessToken").GetString());

        var logout = await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal("no-store", logout.Headers.CacheControl!.ToString());
        // Until now the app could not end its session: the refresh token lived its 14 days (session 45's review).
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        await ApiStore.ProblemAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }), HttpStatusCode.Unauthorized);
        await ApiStore.JsonAsync(await other.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        await ApiStore.JsonAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = otherTokens.GetProperty("refreshToken").GetString() }), HttpStatusCode.OK);

        // Spelt otherwise, the same tokens: Base64 reads "+" and "/" as "-" and "_", and padding or spaces as nothing. Revoked
        // by their text, they worked again (session 46's second review).
        var access = client.DefaultRequestHeaders.Authorization!.Parameter!;
        foreach (var spelling in new[] { access.Replace('-', '+').Replace('_', '/'), access + "=", access[..10] + " " + access[10..] })
        {
            var respelt = store.AppClient();
            respelt.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + spelling);
            await ApiStore.ProblemAsync(await respelt.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        }
        foreach (var spelling in new[] { refreshToken + "=", refreshToken + "==", refreshToken.Replace('-', '+').Replace('_', '/') })
        {
            await ApiStore.ProblemAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = spelling }), HttpStatusCode.Unauthorized);
        }

        // Another store process on the same database (a restart) still refuses them.
        using var restarted = new ApiStore { DatabasePath = store.DatabasePath, OwnsDatabase = false };
        await ApiStore.ProblemAsync(await restarted.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }), HttpStatusCode.Unauthorized);
        var stale = restarted.AppClient();
        stale.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        await ApiStore.ProblemAsync(await stale.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_ends_the_tokens_refreshed_before_it_in_the_same_session()
    {
        var (first, _, tokens) = await store.BearerClientAsync("logoutchain");
        var firstRefresh = tokens.GetProperty("refreshToken").GetString()!;
        var refreshed = await ApiStore.JsonAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = firstRefresh }), HttpStatusCode.OK);
        var second = store.AppClient();
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", refreshed.GetProperty("accessToken").GetString());

        using var logout = ApiStore.Json(HttpMethod.Post, "/api/v1/auth/logout", new { refreshToken = refreshed.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.NoContent, (await second.SendAsync(logout)).StatusCode);

        // The tokens from before the refresh kept the session alive for 14 days (session 46's second review).
        await ApiStore.ProblemAsync(await first.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        await ApiStore.ProblemAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = firstRefresh }), HttpStatusCode.Unauthorized);
        await ApiStore.ProblemAsync(await second.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_keeps_nothing_it_was_not_given_and_ends_no_one_elses_access_token()
    {
        var (victim, _, _) = await store.BearerClientAsync("notyours");
        var (attacker, _, attackerTokens) = await store.BearerClientAsync("attacker");
        var count = await RevokedCountAsync();

        // Made-up, tampered and empty tokens: 204 (RFC 7009) and nothing stored; a body without one is a 400.
        foreach (var junk in new[] { "abc", new string('A', 4000), attackerTokens.GetProperty("refreshToken").GetString()![..^4] + "AAAA" })
        {
            Assert.Equal(HttpStatusCode.NoContent, (await store.AppClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = junk })).StatusCode);
        }
        await ApiStore.ProblemAsync(await store.AppClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = "" }), HttpStatusCode.BadRequest);
        await ApiStore.ProblemAsync(await store.AppClient().PostAsync("/api/v1/auth/logout", new StringContent("{", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Equal(count, await RevokedCountAsync());

        // The attacker's own refresh token with the victim's access token: the attacker's session ends, not the victim's.
        using var request = ApiStore.Json(HttpMethod.Post, "/api/v1/auth/logout", new { refreshToken = attackerTokens.GetProperty("refreshToken").GetString() });
        request.Headers.Authorization = victim.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.NoContent, (await store.AppClient().SendAsync(request)).StatusCode);
        await ApiStore.JsonAsync(await victim.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        Assert.Equal(count + 1, await RevokedCountAsync());
        // The attacker's whole session, their access token with it.
        await ApiStore.ProblemAsync(await attacker.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        // Signed out already: nothing more is kept (one row per session, and a session takes a sign-in, on its budget).
        Assert.Equal(HttpStatusCode.NoContent, (await store.AppClient().PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = attackerTokens.GetProperty("refreshToken").GetString() })).StatusCode);
        Assert.Equal(count + 1, await RevokedCountAsync());
    }

    private async Task<int> RevokedCountAsync()
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().RevokedTokens.CountAsync();
    }

    [Fact]
    public async Task A_locked_account_gets_no_new_token_from_refresh()
    {
        var (_, email, tokens) = await store.BearerClientAsync();
        await store.WithUserAsync(email, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15)));
        var refresh = await store.AppClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        await ApiStore.ProblemAsync(refresh, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Forged_refresh_and_access_tokens_are_refused_with_problem_json()
    {
        var client = store.AppClient();
        await ApiStore.ProblemAsync(await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "not-a-token" }), HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.Unauthorized);
        // Not even the public catalogue: a client whose token failed must hear it, not be served as someone else.
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_address_wrong_password_unconfirmed_and_locked_get_the_same_answer()
    {
        var client = store.AppClient();
        var known = ApiStore.NewEmail("known");
        await store.CreateUserAsync(known);
        var unconfirmed = ApiStore.NewEmail("unconfirmed");
        await store.CreateUserAsync(unconfirmed);
        await store.WithUserAsync(unconfirmed, async (users, user) => { user.EmailConfirmed = false; await users.UpdateAsync(user); });
        var locked = ApiStore.NewEmail("locked");
        await store.CreateUserAsync(locked);
        await store.WithUserAsync(locked, (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15)));

        var answers = new List<string>();
        foreach (var (email, password) in new[] { (ApiStore.NewEmail("nobody"), ApiStore.Password), (known, "wrong password, surely"), (unconfirmed, ApiStore.Password), (locked, ApiStore.Password) })
        {
            var problem = await ApiStore.ProblemAsync(await ApiStore.LoginAsync(client, email, password), HttpStatusCode.Unauthorized);
            answers.Add(problem.GetProperty("detail").GetString()!);
        }
        Assert.All(answers, a => Assert.Equal(PasswordSignIn.Failure, a));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_sent_at_once()
    {
        var email = ApiStore.NewEmail("guessed");
        await store.CreateUserAsync(email);
        var client = store.AppClient();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => ApiStore.LoginAsync(client, email, $"guess number {i} of many")));

        // The right password no longer works: the account is locked, exactly as through the sign-in page.
        await ApiStore.ProblemAsync(await ApiStore.LoginAsync(client, email), HttpStatusCode.Unauthorized);
        await store.WithUserAsync(email, async (users, user) => Assert.True(await users.IsLockedOutAsync(user)));
    }

    [Fact]
    public async Task Two_step_accounts_are_told_to_sign_in_on_the_website()
    {
        var email = ApiStore.NewEmail("twostep");
        await store.CreateUserAsync(email);
        await store.WithUserAsync(email, async (users, user) =>
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        });
        var response = await ApiStore.LoginAsync(store.AppClient(), email);
        var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("website", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("accessToken", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"email\":\"a@example.com\",\"password\":\"x\",\"remember\":true}", "remember")]
    [InlineData("{\"email\":\"a@example.com\",", "body")]
    [InlineData("{\"email\":42,\"password\":\"x\"}", "email")]
    [InlineData("{\"email\":\"not an address\",\"password\":\"x\"}", "email")]
    [InlineData("{\"email\":\"a@example.com\"}", "password")]
    [InlineData("null", "body")]
    public async Task Bad_login_bodies_are_400_naming_the_field(string body, string field)
    {
        var response = await store.AppClient().SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/auth/login", body));
        var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_form_post_to_login_is_415()
    {
        var response = await store.AppClient().PostAsync("/api/v1/auth/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a@example.com", ["password"] = "x" }));
        await ApiStore.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Anonymous_call_to_orders_is_401_problem_json_never_a_redirect()
    {
        foreach (var client in new[] { store.AppClient(), store.CookieClient() })
        {
            client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
            var response = await client.GetAsync("/api/v1/orders");
            Assert.Null(response.Headers.Location);
            await ApiStore.ProblemAsync(response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_works_for_the_api_too()
    {
        var email = ApiStore.NewEmail("cookie");
        var client = await store.SignedInClientAsync(email);
        var orders = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK);
        Assert.Equal(0, orders.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_api_routes_and_methods_are_problem_json()
    {
        var client = store.AppClient();
        await ApiStore.ProblemAsync(await client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
        await ApiStore.ProblemAsync(await client.DeleteAsync("/api/v1/products"), HttpStatusCode.MethodNotAllowed);
        // Another version, or none, is problem JSON too, naming the one there is (they answered the HTML 404 page; an
        // outside review, session 44). The docs page stays a page.
        foreach (var url in new[] { "/api/v2/products", "/api/v0/products", "/api/products", "/api" })
        {
            var problem = await ApiStore.ProblemAsync(await client.GetAsync(url), HttpStatusCode.NotFound);
            Assert.Contains("/api/v1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var docs = await client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
        Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bug_in_an_api_call_is_a_logged_500_problem_without_its_details()
    {
        var response = await store.AppClient().GetAsync("/api/v1/__test/throw");
        var problem = await ApiStore.ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("secret", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(problem.TryGetProperty("requestId", out _));
        Assert.Contains(store.Logs.Entries, e => e.Category == "WebApp.Api" && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Token_responses_are_never_compressed_but_catalogue_json_is()
    {
        var (_, email, _) = await store.BearerClientAsync();
        var client = store.AppClient();
        client.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip");
        var login = await ApiStore.LoginAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Empty(login.Content.Headers.ContentEncoding);

        var products = await client.GetAsync("/api/v1/products?pageSize=50");
        Assert.Contains("gzip", products.Content.Headers.ContentEncoding);
        var page = await client.GetAsync("/search?q=shirt");
        Assert.Empty(page.Content.Headers.ContentEncoding);
    }
}
