using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Api;

/// <summary>A bearer or refresh token an app signed out, kept (as a hash) until it would have expired anyway.</summary>
public sealed class RevokedToken
{
    /// <summary>SHA-256 of the token, Base64: the token itself is never stored.</summary>
    public required string Hash { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// The tokens apps signed out (<c>POST /api/v1/auth/logout</c>). Identity's tokens are self-contained: without this, an
/// app could not end its own session; only a new password or the website's "sign out" (which changes the security
/// stamp) ended the refresh token, and then every device's at once (session 45's review). Checked on every bearer
/// request and refresh from memory (a hash, only while any token is revoked); written through to the database, so a
/// restart keeps them, and dropped once they would have expired.
/// </summary>
public sealed class RevokedTokens(IServiceScopeFactory scopes, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTime> _revoked = new(StringComparer.Ordinal);

    public static string HashOf(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsRevoked(string? token)
    {
        if (_revoked.IsEmpty || string.IsNullOrEmpty(token)) return false;
        return _revoked.TryGetValue(HashOf(token), out var expires) && expires > clock.GetUtcNow().UtcDateTime;
    }

    public async Task RevokeAsync(string token, DateTimeOffset expires, CancellationToken ct)
    {
        var hash = HashOf(token);
        var at = expires.UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            await db.Database.ExecuteSqlAsync($"INSERT INTO RevokedTokens (Hash, ExpiresAt) VALUES ({hash}, {at}) ON CONFLICT (Hash) DO NOTHING", ct);
        }
        _revoked[hash] = at;
    }

    /// <summary>At startup: forgets tokens that have expired since, and reads the rest.</summary>
    public async Task LoadAsync(StoreDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RevokedTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        foreach (var token in await db.RevokedTokens.AsNoTracking().ToListAsync(ct)) _revoked[token.Hash] = token.ExpiresAt;
    }
}
