using System.Buffers.Binary;
using System.Globalization;
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
/// made when the newest is <see cref="SigningKeyLifetime"/> old; a token signed with an older one still verifies until
/// that key is <see cref="RetiredAfter"/> old (its visitor is then given a new cookie, as for any token refused on a
/// GET), so a rotation never refuses an open page's form. To revoke a key at once, delete its row and restart.
/// <para>
/// A token is <c>[0xA5][pad][body XOR pad]</c>, where the body is <c>[key id, 4 bytes][antiforgery's bytes][HMAC-SHA256
/// of the id and those bytes]</c> and the pad is as many fresh random bytes. The mask makes every response's token
/// different, as encryption's random nonce did, so a page compressed by something in front of the store never holds
/// the same secret twice (BREACH). Data protection's own tokens start with its magic header (0x09F0C9F0), so the first
/// byte tells the two apart.
/// </para>
/// </summary>
public sealed class AntiforgerySigningKeys(IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, TimeProvider clock, ILogger<AntiforgerySigningKeys> logger)
{
    public static readonly TimeSpan SigningKeyLifetime = TimeSpan.FromDays(90);

    /// <summary>How old a key may be and still verify: 90 days after the next one took over.</summary>
    public static readonly TimeSpan RetiredAfter = 2 * SigningKeyLifetime;

    // The database is asked again at most this often: for a key id nobody has seen yet (another process may have made
    // it, but a forged id must not cost a query per request), and to retry a rotation that failed (a full disk must not
    // cost every request a failed insert).
    private static readonly TimeSpan s_askAtMostEvery = TimeSpan.FromSeconds(30);

    // A key dated this far ahead of the clock was made under a wrong one: it counts as due, not as fresh until then.
    private static readonly TimeSpan s_skew = TimeSpan.FromDays(1);

    private const byte Marker = 0xA5;
    private const int MacLength = HMACSHA256.HashSizeInBytes;
    private const int ShortestBody = sizeof(int) + MacLength;
    private const string SecretPurpose = "WebApp.Security.AntiforgerySigningKey.v1";

    /// <summary>Data protection itself, for every purpose but antiforgery's.</summary>
    public IDataProtectionProvider DataProtection => dataProtection;

    private readonly Lock _loading = new();
    private volatile KeySet? _keys;
    private long _lastAsked;

    internal static bool IsSigned(ReadOnlySpan<byte> data) => data.Length >= 1 + 2 * ShortestBody && data[0] == Marker;

    public byte[] Sign(byte[] plaintext)
    {
        var key = ForSigning();
        var bodyLength = sizeof(int) + plaintext.Length + MacLength;
        var token = new byte[1 + 2 * bodyLength];
        token[0] = Marker;
        var pad = token.AsSpan(1, bodyLength);
        var body = token.AsSpan(1 + bodyLength);
        BinaryPrimitives.WriteInt32BigEndian(body, key.Id);
        plaintext.CopyTo(body[sizeof(int)..]);
        HMACSHA256.HashData(key.Secret, body[..^MacLength], body[^MacLength..]);
        FillRandom(pad);
        for (var i = 0; i < bodyLength; i++) body[i] ^= pad[i];
        return token;
    }

    // Pads from a buffer of the operating system's random bytes per thread, each byte handed out once: asking OpenSSL
    // for ~50 bytes per token cost more than the HMAC (a trace of cookie-less page requests put its random-byte calls
    // at 5% of the store's CPU, antiforgery's own included).
    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    private static void FillRandom(Span<byte> pad)
    {
        if (pad.Length > 1024)
        {
            RandomNumberGenerator.Fill(pad);
            return;
        }
        var random = t_random;
        if (random is null)
        {
            random = t_random = new byte[4096];
            t_used = random.Length;
        }
        if (t_used + pad.Length > random.Length)
        {
            RandomNumberGenerator.Fill(random);
            t_used = 0;
        }
        random.AsSpan(t_used, pad.Length).CopyTo(pad);
        // Wiped as it is handed out, so no byte can be handed out twice or linger for a later look.
        random.AsSpan(t_used, pad.Length).Clear();
        t_used += pad.Length;
    }

    /// <summary>Antiforgery's bytes, if the signature is one of ours over exactly them; otherwise what data protection throws.</summary>
    public byte[] Verify(byte[] token)
    {
        if (!IsSigned(token) || (token.Length - 1) % 2 != 0) throw new CryptographicException("The antiforgery token is not one this store signs.");
        var bodyLength = (token.Length - 1) / 2;
        var body = new byte[bodyLength];
        for (var i = 0; i < bodyLength; i++) body[i] = (byte)(token[1 + bodyLength + i] ^ token[1 + i]);

        var id = BinaryPrimitives.ReadInt32BigEndian(body);
        if (!Known().ById.TryGetValue(id, out var key) && !Reloaded().ById.TryGetValue(id, out key))
        {
            throw new CryptographicException("The antiforgery token was signed with a key this store does not have.");
        }
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key.Secret, body.AsSpan(0, bodyLength - MacLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, body.AsSpan(bodyLength - MacLength)))
        {
            throw new CryptographicException("The antiforgery token's signature does not match.");
        }
        if (clock.GetUtcNow().UtcDateTime - key.CreatedAt > RetiredAfter)
        {
            throw new CryptographicException("The antiforgery token was signed with a retired key.");
        }
        return body[sizeof(int)..^MacLength];
    }

    private bool Due(Key key) =>
        clock.GetUtcNow().UtcDateTime is var now && (now - key.CreatedAt >= SigningKeyLifetime || key.CreatedAt > now + s_skew);

    // The key to sign with: the newest, or a new one when that is due. A rotation that fails (a full disk, a read-only
    // file) is logged and tried again later; meanwhile the due key keeps signing, and every token stays good.
    private Key ForSigning()
    {
        if (_keys?.Current is { } current && !Due(current)) return current;
        lock (_loading)
        {
            var keys = _keys;
            if (keys?.Current is { } latest && (!Due(latest) || !MayAsk())) return latest;
            try
            {
                _keys = keys = Load(makeIfDue: true);
            }
            catch (Exception e) when (keys?.Current is not null)
            {
                logger.LogError(e, "Making a new antiforgery signing key failed; key {KeyId} signs on, and the next try is in {Seconds} s.",
                    keys.Current.Id, s_askAtMostEvery.TotalSeconds);
                return keys.Current;
            }
            return keys.Current ?? throw new CryptographicException("No antiforgery signing key could be made.");
        }
    }

    private KeySet Known()
    {
        if (_keys is { } keys) return keys;
        lock (_loading) return _keys ??= Load(makeIfDue: false);
    }

    private KeySet Reloaded()
    {
        lock (_loading)
        {
            if (_keys is { } keys && !MayAsk()) return keys;
            return _keys = Load(makeIfDue: false);
        }
    }

    // Whether the database may be asked again now (under the lock); if so, the time is noted.
    private bool MayAsk()
    {
        var now = clock.GetTimestamp();
        if (_lastAsked != 0 && clock.GetElapsedTime(_lastAsked, now) < s_askAtMostEvery) return false;
        _lastAsked = now;
        return true;
    }

    private KeySet Load(bool makeIfDue)
    {
        _lastAsked = clock.GetTimestamp();
        var protector = dataProtection.CreateProtector(SecretPurpose);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var keys = new List<Key>();
        // Read row by row, as text: a row that cannot be read (its data-protection key gone after a restore without
        // them, another certificate, an edited date) is skipped, and tokens it signed are refused, never the whole set.
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT Id, CreatedAt, ProtectedSecret FROM AntiforgeryKeys ORDER BY Id";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var id = rows.GetInt32(0);
                try
                {
                    var created = DateTime.Parse(rows.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                    keys.Add(new Key(id, created, protector.Unprotect(Convert.FromBase64String(rows.GetString(2)))));
                }
                catch (Exception e) when (e is CryptographicException or FormatException or InvalidCastException)
                {
                    logger.LogWarning(e, "Antiforgery signing key {KeyId} cannot be read and is skipped.", id);
                }
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }

        if (makeIfDue && (keys.Count == 0 || Due(keys[^1])))
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            var stored = new AntiforgeryKey { CreatedAt = clock.GetUtcNow().UtcDateTime, ProtectedSecret = Convert.ToBase64String(protector.Protect(secret)) };
            db.AntiforgeryKeys.Add(stored);
            db.SaveChanges();
            keys.Add(new Key(stored.Id, stored.CreatedAt, secret));
            logger.LogInformation("Made antiforgery signing key {KeyId}; tokens signed with the {Older} older keys stay valid until those are {Days} days old.",
                stored.Id, keys.Count - 1, RetiredAfter.TotalDays);
        }
        return new KeySet(keys.ToDictionary(k => k.Id), keys.Count > 0 ? keys[^1] : null);
    }

    private sealed record Key(int Id, DateTime CreatedAt, byte[] Secret);

    private sealed record KeySet(Dictionary<int, Key> ById, Key? Current);
}
