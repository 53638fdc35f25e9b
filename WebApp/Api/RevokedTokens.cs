using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Api;

/// <summary>An app session (or, for a token from before sessions were stamped, one token) that was signed out, kept until its tokens would have expired.</summary>
public sealed class RevokedToken
{
    /// <summary>"s:" and the session's id, or the SHA-256 (Base64) of a token's canonical spelling: never a token itself.</summary>
    public required string Hash { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// App sessions signed out with <c>POST /api/v1/auth/logout</c>. Identity's tokens are self-contained: without this, an app
/// could not end its own session (session 45's review). Each sign-in stamps its tokens with a session id
/// (<see cref="SessionClaim"/>) that every refresh carries on, so a sign-out ends the whole chain: the tokens sent with
/// it, those refreshed before it and one a refresh racing it hands out. Revoking the tokens by their text was beaten by
/// spelling them differently (Base64 with "+", "/" or padding decodes the same) and left the earlier tokens of the
/// session working (session 46's second review). Checked where tokens are read (<see cref="Checked"/>), from memory;
/// written through to the database, read back at startup, dropped once expired.
/// </summary>
public sealed class RevokedTokens(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string SessionClaim = "webapp:app-session";

    private readonly ConcurrentDictionary<string, DateTime> _revoked = new(StringComparer.Ordinal);

    public static string? SessionOf(ClaimsPrincipal principal) => principal.FindFirst(SessionClaim)?.Value;

    private static string SessionKey(string session) => "s:" + session;

    // The spelling every Base64 decoder reads the same: URL alphabet, no padding, no whitespace.
    private static string TokenKey(string token)
    {
        var canonical = new StringBuilder(token.Length);
        foreach (var c in token)
        {
            if (c is '=' || char.IsWhiteSpace(c)) continue;
            canonical.Append(c switch { '+' => '-', '/' => '_', _ => c });
        }
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    private bool IsRevoked(string key) => !_revoked.IsEmpty && _revoked.TryGetValue(key, out var expires) && expires > clock.GetUtcNow().UtcDateTime;

    /// <summary>Whether this token, already read, belongs to a session (or is a token) that was signed out.</summary>
    public bool IsRevoked(AuthenticationTicket ticket, string token) =>
        SessionOf(ticket.Principal) is { } session ? IsRevoked(SessionKey(session)) : IsRevoked(TokenKey(token));

    /// <summary>Signs out the session of <paramref name="ticket"/> (or, unstamped, the token itself) until <paramref name="expires"/>.</summary>
    public Task RevokeAsync(AuthenticationTicket ticket, string token, DateTimeOffset expires, CancellationToken ct) =>
        StoreAsync(SessionOf(ticket.Principal) is { } session ? SessionKey(session) : TokenKey(token), expires.UtcDateTime, ct);

    private async Task StoreAsync(string key, DateTime expires, CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Database.ExecuteSqlAsync($"INSERT INTO RevokedTokens (Hash, ExpiresAt) VALUES ({key}, {expires}) ON CONFLICT (Hash) DO UPDATE SET ExpiresAt = MAX(ExpiresAt, excluded.ExpiresAt)", ct);
        }
        _revoked.AddOrUpdate(key, expires, (_, was) => was > expires ? was : expires);
    }

    /// <summary>At startup: forgets what has expired since, and reads the rest.</summary>
    public async Task LoadAsync(StoreDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RevokedTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        foreach (var token in await db.RevokedTokens.AsNoTracking().ToListAsync(ct)) _revoked[token.Hash] = token.ExpiresAt;
    }

    /// <summary>
    /// The bearer scheme's token format, wrapped: a ticket without a session id gets one as it is protected (the access
    /// and the refresh token of one sign-in share their principal, so they share it), and a token of a signed-out session
    /// reads as no token at all (401 on a call, on a refresh).
    /// </summary>
    public ISecureDataFormat<AuthenticationTicket> Checked(ISecureDataFormat<AuthenticationTicket> inner) => new CheckedFormat(inner, this);

    private sealed class CheckedFormat(ISecureDataFormat<AuthenticationTicket> inner, RevokedTokens revoked) : ISecureDataFormat<AuthenticationTicket>
    {
        public string Protect(AuthenticationTicket data) => Protect(data, null);

        public string Protect(AuthenticationTicket data, string? purpose)
        {
            if (SessionOf(data.Principal) is null && data.Principal.Identity is ClaimsIdentity identity)
            {
                identity.AddClaim(new Claim(SessionClaim, Guid.NewGuid().ToString("N")));
            }
            return inner.Protect(data, purpose);
        }

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) =>
            inner.Unprotect(protectedText, purpose) is { } ticket && !revoked.IsRevoked(ticket, protectedText!) ? ticket : null;
    }
}
