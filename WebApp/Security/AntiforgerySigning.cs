using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Security;

/// <summary>
/// ASP.NET's antiforgery tokens, signed with HMAC-SHA256 instead of encrypted by data protection. Antiforgery needs its
/// tokens to be unforgeable and bound to each other (the form's to the cookie's, and to the signed-in user), not
/// secret: the request token is in the page's HTML for its visitor, and the cookie's random value is only ever
/// compared with it. Encrypting them cost two data-protection operations (a key derivation, AES-GCM and random bytes
/// from OpenSSL each, ~35 us) for every visitor who arrives without the cookie, which was most of what a cached
/// catalogue page cost a crawler, a script or a first visit. Signing is one HMAC (~1 us).
/// <para>
/// Only antiforgery's purpose is signed; every other purpose (sign-in cookies, Identity's tokens) goes to data
/// protection as before. Antiforgery itself is untouched: it makes the random values, serializes, compares and checks
/// the user exactly as it always has, and only the bytes it asks to protect are signed here. Tokens made by data
/// protection before (a visitor's cookie from the last release) are still read by it.
/// </para>
/// </summary>
public sealed class AntiforgerySigning(IDataProtectionProvider inner, AntiforgerySigningKeys keys) : IDataProtectionProvider
{
    /// <summary>The purpose antiforgery's token serializer asks data protection for (ASP.NET's <c>DefaultAntiforgeryTokenSerializer</c>).</summary>
    public const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    public IDataProtector CreateProtector(string purpose) =>
        purpose == AntiforgeryPurpose ? new Signer(inner.CreateProtector(purpose), keys) : inner.CreateProtector(purpose);

    private sealed class Signer(IDataProtector encrypted, AntiforgerySigningKeys keys) : IDataProtector
    {
        // Antiforgery asks for no sub-purpose; one asked for anyway is data protection's, never signed with these keys.
        public IDataProtector CreateProtector(string purpose) => encrypted.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => keys.Sign(plaintext);

        public byte[] Unprotect(byte[] protectedData) =>
            AntiforgerySigningKeys.IsSigned(protectedData) ? keys.Verify(protectedData) : encrypted.Unprotect(protectedData);
    }
}

/// <summary>A signing key as stored: its secret encrypted by data protection, so the table alone signs nothing.</summary>
public sealed class AntiforgeryKey
{
    public int Id { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string ProtectedSecret { get; set; }
}

/// <summary>
/// The keys <see cref="AntiforgerySigning"/> signs with: 256 random bits each, kept in the database (encrypted with
/// data protection, and so with its certificate when one is configured) so that tokens outlive a restart. A new key is
/// made when the newest is older than <see cref="SigningKeyLifetime"/>; older keys still verify, as data protection's
/// expired keys still decrypt, so a rotation never refuses an open page's form.
/// <para>
/// A signed token is <c>[0xA5][key id, 4 bytes][antiforgery's bytes][HMAC-SHA256 of everything before it]</c>. Data
/// protection's own tokens start with its magic header (0x09F0C9F0), so the first byte tells the two apart.
/// </para>
/// </summary>
public sealed class AntiforgerySigningKeys(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<AntiforgerySigningKeys> logger)
{
    public static readonly TimeSpan SigningKeyLifetime = TimeSpan.FromDays(90);

    // A key id nobody has seen yet is looked for in the database at most this often: another process may have made it,
    // and a forged id must not cost a query per request.
    private static readonly TimeSpan s_reloadAtMostEvery = TimeSpan.FromSeconds(30);

    private const byte Marker = 0xA5;
    private const int HeaderLength = 1 + sizeof(int);
    private const int MacLength = HMACSHA256.HashSizeInBytes;
    private const string SecretPurpose = "WebApp.Security.AntiforgerySigningKey.v1";

    /// <summary>Data protection itself, for every purpose but antiforgery's.</summary>
    public IDataProtectionProvider DataProtection => dataProtection;

    private readonly Lock _loading = new();
    private volatile KeySet? _keys;
    private long _lastLoad;

    internal static bool IsSigned(ReadOnlySpan<byte> data) => data.Length >= HeaderLength + MacLength && data[0] == Marker;

    public byte[] Sign(byte[] plaintext)
    {
        var keys = Current();
        var signed = new byte[HeaderLength + plaintext.Length + MacLength];
        signed[0] = Marker;
        BinaryPrimitives.WriteInt32BigEndian(signed.AsSpan(1), keys.CurrentId);
        plaintext.CopyTo(signed, HeaderLength);
        var signedPart = signed.AsSpan(0, HeaderLength + plaintext.Length);
        HMACSHA256.HashData(keys.Secrets[keys.CurrentId], signedPart, signed.AsSpan(signedPart.Length));
        return signed;
    }

    /// <summary>Antiforgery's bytes, if the signature is one of ours over exactly them; otherwise what data protection throws.</summary>
    public byte[] Verify(byte[] token)
    {
        var id = BinaryPrimitives.ReadInt32BigEndian(token.AsSpan(1));
        if (!Current().Secrets.TryGetValue(id, out var secret) && !Reloaded().Secrets.TryGetValue(id, out secret))
        {
            throw new CryptographicException("The antiforgery token was signed with a key this store does not have.");
        }
        var signedPart = token.AsSpan(0, token.Length - MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(secret, signedPart, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, token.AsSpan(signedPart.Length)))
        {
            throw new CryptographicException("The antiforgery token's signature does not match.");
        }
        return token[HeaderLength..signedPart.Length];
    }

    private KeySet Current()
    {
        var keys = _keys;
        if (keys is not null && clock.GetUtcNow().UtcDateTime - keys.CurrentCreatedAt < SigningKeyLifetime) return keys;
        lock (_loading)
        {
            keys = _keys;
            if (keys is not null && clock.GetUtcNow().UtcDateTime - keys.CurrentCreatedAt < SigningKeyLifetime) return keys;
            return _keys = Load(makeIfDue: true);
        }
    }

    private KeySet Reloaded()
    {
        lock (_loading)
        {
            var now = clock.GetTimestamp();
            if (_keys is { } keys && clock.GetElapsedTime(Interlocked.Read(ref _lastLoad), now) < s_reloadAtMostEvery) return keys;
            return _keys = Load(makeIfDue: false);
        }
    }

    private KeySet Load(bool makeIfDue)
    {
        Interlocked.Exchange(ref _lastLoad, clock.GetTimestamp());
        var protector = dataProtection.CreateProtector(SecretPurpose);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var stored = db.AntiforgeryKeys.AsNoTracking().OrderBy(k => k.Id).ToList();
        var secrets = new Dictionary<int, byte[]>();
        foreach (var key in stored)
        {
            try
            {
                secrets[key.Id] = protector.Unprotect(Convert.FromBase64String(key.ProtectedSecret));
            }
            catch (Exception e) when (e is CryptographicException or FormatException)
            {
                // Its data-protection key is gone (a restore without them, another certificate): tokens it signed fail,
                // and their visitors are given new ones.
                logger.LogWarning(e, "Antiforgery signing key {KeyId} cannot be read and is skipped.", key.Id);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var current = stored.LastOrDefault(k => secrets.ContainsKey(k.Id));
        if (makeIfDue && (current is null || now - current.CreatedAt >= SigningKeyLifetime))
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            current = new AntiforgeryKey { CreatedAt = now, ProtectedSecret = Convert.ToBase64String(protector.Protect(secret)) };
            db.AntiforgeryKeys.Add(current);
            db.SaveChanges();
            secrets[current.Id] = secret;
            logger.LogInformation("Made antiforgery signing key {KeyId}; tokens signed with the {Older} older keys stay valid.", current.Id, secrets.Count - 1);
        }
        if (current is null) return _keys ?? throw new CryptographicException("No antiforgery signing key is stored yet.");
        return new KeySet(secrets, current.Id, current.CreatedAt);
    }

    private sealed record KeySet(Dictionary<int, byte[]> Secrets, int CurrentId, DateTime CurrentCreatedAt);
}
