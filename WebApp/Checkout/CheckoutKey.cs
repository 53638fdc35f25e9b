using System.Security.Cryptography;
using System.Text;

namespace WebApp.Checkout;

/// <summary>
/// The checkout form's one-time key (an order is placed once per key, however often the form is sent). A guest's key
/// also names the cart it was made for: 32 random hex digits, then the first 32 of the SHA-256 of the cart's id, so only
/// that cart is taken back to the order a key already placed. Before, anyone holding a guest's key and email was sent a
/// fresh link to that guest's order, from any cart (an outside review, session 44). The hash does not give the cart's id
/// away, and a signed-in shopper's key is matched with their account instead.
/// </summary>
public static class CheckoutKey
{
    public static string New(string? anonymousCartId) =>
        Convert.ToHexString(RandomNumberGenerator.GetBytes(16)) + (anonymousCartId is null ? "" : CartPart(anonymousCartId));

    /// <summary>Whether a guest's key was made for this cart.</summary>
    public static bool MadeFor(string key, string? anonymousCartId) =>
        anonymousCartId is not null && key.Length == 64 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key[32..]), Encoding.ASCII.GetBytes(CartPart(anonymousCartId)));

    private static string CartPart(string cartId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(cartId)))[..32];
}
