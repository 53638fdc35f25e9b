using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebApp.Checkout;
using WebApp.Data;

namespace WebApp.Api;

/// <summary>
/// <c>POST /api/v1/orders</c> with an <c>Idempotency-Key</c>: the checkout page's own <see cref="PlaceOrder"/> (its form
/// key becomes one derived from the user and the client's key, so <see cref="PlaceOrder"/>'s own repeat detection does
/// the rest), plus what the page does not need: the key is claimed with the body's hash before anything is placed,
/// so a second request with the same key and another body is refused (422) even while the first is still running, and
/// the same body again gets the same order, also when both arrive at once. A key whose request placed nothing and reached no
/// payment (invalid, out of stock, prices changed) is released for the client to try again.
/// </summary>
public sealed class IdempotentCheckout(StoreDbContext db, PlaceOrder placeOrder, TimeProvider clock)
{
    /// <returns>The checkout's answer, or null when the key was already used with a different body.</returns>
    public async Task<PlaceOrderResult?> PlaceAsync(string userId, string key, string bodyHash, PlaceOrderRequest request, string siteUrl, CancellationToken ct)
    {
        // ON CONFLICT DO NOTHING: a replay is the expected case, not a failed insert (EF would log it as an error).
        // The unique index still decides between two requests at once: exactly one of them inserts.
        var now = clock.GetUtcNow().UtcDateTime;
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO ApiIdempotencyKeys (UserId, Key, BodyHash, CreatedAt) VALUES ({userId}, {key}, {bodyHash}, {now})
            ON CONFLICT (UserId, Key) DO NOTHING
            """, ct) == 1;
        if (!claimed)
        {
            var held = await db.ApiIdempotencyKeys.AsNoTracking().Where(k => k.UserId == userId && k.Key == key).Select(k => k.BodyHash).FirstOrDefaultAsync(ct);
            if (held is not null && held != bodyHash) return null;
            // The same body under another request's claim: PlaceOrder finds or places the one order.
        }

        var result = await placeOrder.PlaceAsync(userId, request with { IdempotencyKey = OrderKey(userId, key) }, siteUrl, ct);
        if (result is PlaceOrderResult.Placed placed)
        {
            // An upsert: the claim this request joined may have been released by its own request's failure meanwhile.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO ApiIdempotencyKeys (UserId, Key, BodyHash, OrderId, CreatedAt) VALUES ({userId}, {key}, {bodyHash}, {placed.OrderId}, {now})
                ON CONFLICT (UserId, Key) DO UPDATE SET OrderId = excluded.OrderId WHERE OrderId IS NULL
                """, ct);
        }
        // A declined charge keeps its key: the gateway remembers the attempt under it, so a retry needs a new key.
        else if (claimed && result is not PlaceOrderResult.Declined)
        {
            await db.ApiIdempotencyKeys.Where(k => k.UserId == userId && k.Key == key && k.OrderId == null).ExecuteDeleteAsync(ct);
        }
        return result;
    }

    /// <summary>The order's one-time key: the client's key is only unique per user, the order's is unique in the store.</summary>
    public static string OrderKey(string userId, string key) =>
        "api-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(userId + "\n" + key)))[..60];

    public static string Hash(byte[] canonicalBody) => Convert.ToHexString(SHA256.HashData(canonicalBody));
}
