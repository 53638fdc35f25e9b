using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WebApp.Data;
using WebApp.Security;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Security;

/// <summary>
/// Antiforgery tokens are signed (HMAC-SHA256) instead of encrypted: what antiforgery checks must still hold against
/// tampering, forged keys, swapped tokens and restarts, and tokens from before the change must still be accepted.
/// </summary>
public sealed class AntiforgerySigningTests
{
    private const string WrongPassword = "That email and password did not work";

    [Fact]
    public async Task A_first_visit_gets_a_signed_cookie_and_form_token_and_the_pair_posts()
    {
        using var store = new EmptyStore();
        var (cookie, token) = await FirstVisitAsync(store.CreateClient());

        Assert.Equal(0xA5, WebEncoders.Base64UrlDecode(cookie)[0]);
        Assert.Equal(0xA5, WebEncoders.Base64UrlDecode(token)[0]);
        var answer = await PostLoginAsync(store.CreateClient(new() { HandleCookies = false }), cookie, token);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(WrongPassword, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_swapped_foreign_and_forged_tokens_are_refused()
    {
        using var store = new EmptyStore();
        var (cookie, token) = await FirstVisitAsync(store.CreateClient());
        var (otherCookie, otherToken) = await FirstVisitAsync(store.CreateClient());
        var client = store.CreateClient(new() { HandleCookies = false });

        var refused = new Dictionary<string, (string Cookie, string Token)>
        {
            ["a byte of the form token's content changed"] = (cookie, Flip(token, 7)),
            ["a byte of the form token's signature changed"] = (cookie, Flip(token, -1)),
            ["a byte of the cookie changed"] = (Flip(cookie, 7), token),
            ["the form token's key id changed"] = (cookie, Flip(token, 2)),
            ["the signature cut off"] = (cookie, Cut(token, 32)),
            ["another visitor's form token"] = (cookie, otherToken),
            ["another visitor's cookie"] = (otherCookie, token),
            ["the cookie sent as the form token"] = (cookie, cookie),
            ["a token signed with a key the store never made"] = (cookie, Resign(token, RandomNumberGenerator.GetBytes(32))),
            ["no signature at all, only the marker"] = (cookie, WebEncoders.Base64UrlEncode([0xA5, 0, 0, 0, 1])),
        };
        foreach (var (attack, (c, t)) in refused)
        {
            var answer = await PostLoginAsync(client, c, t);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{attack}: {answer.StatusCode}");
        }

        // And the untouched pair still passes, so the refusals above are the changes' doing.
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client, cookie, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client, otherCookie, otherToken)).StatusCode);
    }

    [Fact]
    public async Task A_token_outlives_a_restart_because_its_key_is_in_the_database_encrypted()
    {
        var path = TestDatabase.NewPath();
        string cookie, token;
        // The first host does not own the file (it would delete it when stopped); the second does.
        using (var before = new EmptyStore { DatabasePath = path, OwnsDatabase = false })
        {
            (cookie, token) = await FirstVisitAsync(before.CreateClient());
        }
        using var after = new EmptyStore { DatabasePath = path };
        var answer = await PostLoginAsync(after.CreateClient(new() { HandleCookies = false }), cookie, token);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);

        using var scope = after.Services.CreateScope();
        var key = Assert.Single(await scope.ServiceProvider.GetRequiredService<StoreDbContext>().AntiforgeryKeys.ToListAsync());
        // Stored encrypted by data protection (its magic header), never as the raw 32 bytes.
        var stored = Convert.FromBase64String(key.ProtectedSecret);
        Assert.True(stored.Length > 32);
        Assert.Equal([0x09, 0xF0, 0xC9, 0xF0], stored[..4]);
    }

    [Fact]
    public async Task Tokens_encrypted_by_data_protection_before_the_change_are_still_accepted()
    {
        using var store = new EmptyStore();
        store.CreateClient();
        // Antiforgery as it was: the same options and data-protection keys, without the signing.
        var options = store.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        var services = new ServiceCollection().AddLogging()
            .AddSingleton(store.Services.GetRequiredService<AntiforgerySigningKeys>().DataProtection);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = options.Cookie.Name;
            o.FormFieldName = options.FormFieldName;
        });
        using var old = services.BuildServiceProvider();
        var tokens = old.GetRequiredService<IAntiforgery>().GetAndStoreTokens(new DefaultHttpContext { RequestServices = old });
        Assert.Equal(0x09, WebEncoders.Base64UrlDecode(tokens.CookieToken!)[0]);

        var answer = await PostLoginAsync(store.CreateClient(new() { HandleCookies = false }), tokens.CookieToken!, tokens.RequestToken!);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(WrongPassword, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_response_gets_a_differently_masked_token_and_each_posts()
    {
        using var store = new EmptyStore();
        var client = store.CreateClient();
        var (cookie, token) = await FirstVisitAsync(client);
        var again = (await client.GetDocumentAsync("/account/login")).QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // The same cookie and user, so the same signed content; a fresh pad makes the bytes differ (a page compressed by
        // something in front of the store never holds the same secret twice).
        Assert.NotEqual(token, again);
        Assert.Equal(Unmasked(token), Unmasked(again));
        var poster = store.CreateClient(new() { HandleCookies = false });
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(poster, cookie, token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(poster, cookie, again)).StatusCode);
    }

    [Fact]
    public async Task A_new_key_is_made_after_90_days_and_tokens_signed_with_the_old_one_verify_until_it_is_retired()
    {
        using var store = new EmptyStore();
        store.CreateClient();
        var (keys, clock) = Keys(store);

        var first = keys.Sign([1, 2, 3]);
        clock.Advance(AntiforgerySigningKeys.SigningKeyLifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(KeyId(first), KeyId(keys.Sign([1, 2, 3])));
        clock.Advance(TimeSpan.FromMinutes(2));
        var second = keys.Sign([1, 2, 3]);

        Assert.NotEqual(KeyId(first), KeyId(second));
        Assert.Equal([1, 2, 3], keys.Verify(first));
        Assert.Equal([1, 2, 3], keys.Verify(second));
        // The store's own instance finds the key another instance made, by its id.
        Assert.Equal([1, 2, 3], store.Services.GetRequiredService<AntiforgerySigningKeys>().Verify(second));
        Assert.Throws<CryptographicException>(() => keys.Verify(Resign(second, RandomNumberGenerator.GetBytes(32))));

        // Retired once it is twice the lifetime old: its visitors are given a new cookie.
        clock.SetUtcNow(clock.GetUtcNow() - AntiforgerySigningKeys.SigningKeyLifetime + AntiforgerySigningKeys.RetiredAfter + TimeSpan.FromMinutes(1));
        Assert.Throws<CryptographicException>(() => keys.Verify(first));
        Assert.Equal([1, 2, 3], keys.Verify(second));
    }

    [Fact]
    public async Task A_rotation_that_fails_keeps_the_old_key_signing_and_is_tried_again_later()
    {
        using var store = new EmptyStore();
        store.CreateClient();
        var (keys, clock) = Keys(store);
        var before = keys.Sign([7]);
        await ExecuteAsync(store, "CREATE TRIGGER no_new_keys BEFORE INSERT ON AntiforgeryKeys BEGIN SELECT RAISE(ABORT, 'disk full'); END;");

        clock.Advance(AntiforgerySigningKeys.SigningKeyLifetime + TimeSpan.FromDays(1));
        Assert.Equal(KeyId(before), KeyId(keys.Sign([7])));   // the insert failed: logged, and the old key signs on
        Assert.Equal(KeyId(before), KeyId(keys.Sign([7])));   // not tried again at once
        Assert.Equal([7], keys.Verify(before));

        await ExecuteAsync(store, "DROP TRIGGER no_new_keys;");
        Assert.Equal(KeyId(before), KeyId(keys.Sign([7])));
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.NotEqual(KeyId(before), KeyId(keys.Sign([7])));
    }

    [Fact]
    public async Task An_unreadable_row_is_skipped_and_a_key_dated_in_the_future_is_replaced()
    {
        using var store = new EmptyStore();
        store.CreateClient();
        await ExecuteAsync(store, "INSERT INTO AntiforgeryKeys (CreatedAt, ProtectedSecret) VALUES ('not a date', 'AAAA'), ('2026-01-01 00:00:00', 'not base64!');");
        var (keys, clock) = Keys(store);
        var token = keys.Sign([5]);
        Assert.Equal([5], keys.Verify(token));

        // A key made under a clock years ahead counts as due, not as fresh until then.
        await ExecuteAsync(store, $"UPDATE AntiforgeryKeys SET CreatedAt = '2099-01-01 00:00:00' WHERE Id = {KeyId(token)};");
        var (fresh, _) = Keys(store);
        Assert.NotEqual(KeyId(token), KeyId(fresh.Sign([5])));
    }

    private static (AntiforgerySigningKeys Keys, FakeTimeProvider Clock) Keys(StoreFactory store)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (new AntiforgerySigningKeys(store.Services.GetRequiredService<IServiceScopeFactory>(),
            store.Services.GetRequiredService<AntiforgerySigningKeys>().DataProtection, clock, NullLogger<AntiforgerySigningKeys>.Instance), clock);
    }

    private static async Task ExecuteAsync(StoreFactory store, string sql)
    {
        using var scope = store.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    // The body under the mask: [key id][antiforgery's bytes][HMAC].
    private static byte[] Unmasked(byte[] token)
    {
        var length = (token.Length - 1) / 2;
        return [.. Enumerable.Range(0, length).Select(i => (byte)(token[1 + length + i] ^ token[1 + i]))];
    }

    private static string Unmasked(string token) => Convert.ToHexString(Unmasked(WebEncoders.Base64UrlDecode(token)));

    private static int KeyId(byte[] token) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Unmasked(token));

    private static async Task<(string Cookie, string Token)> FirstVisitAsync(HttpClient client)
    {
        var response = await client.GetAsync("/account/login");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".WebApp.Antiforgery=", StringComparison.Ordinal));
        var page = await Html.GetDocumentAsync(response);
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return (cookie.Split(';')[0].Split('=', 2)[1], token);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string cookie, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = StoreFactory.NewEmail("signed"),
                ["Input.Password"] = "not the password",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", $".WebApp.Antiforgery={cookie}");
        return await client.SendAsync(request);
    }

    // The token with one byte changed: counted from the end when negative.
    private static string Flip(string token, int at)
    {
        var bytes = WebEncoders.Base64UrlDecode(token);
        bytes[at < 0 ? bytes.Length + at : at] ^= 0x01;
        return WebEncoders.Base64UrlEncode(bytes);
    }

    private static string Cut(string token, int bytes)
    {
        var decoded = WebEncoders.Base64UrlDecode(token);
        return WebEncoders.Base64UrlEncode(decoded[..^bytes]);
    }

    // The token's content signed again with another secret, as someone who guessed the format but not the key would.
    private static string Resign(string token, byte[] secret) => WebEncoders.Base64UrlEncode(Resign(WebEncoders.Base64UrlDecode(token), secret));

    private static byte[] Resign(byte[] token, byte[] secret)
    {
        var content = Unmasked(token)[..^32];
        byte[] body = [.. content, .. HMACSHA256.HashData(secret, content)];
        var pad = RandomNumberGenerator.GetBytes(body.Length);
        return [0xA5, .. pad, .. body.Select((b, i) => (byte)(b ^ pad[i]))];
    }

    private sealed class EmptyStore : StoreFactory
    {
        protected override int SeedProducts => 0;
    }
}
