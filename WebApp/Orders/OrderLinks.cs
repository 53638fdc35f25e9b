using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace WebApp.Orders;

/// <summary>
/// The links mail uses to reach an order. An account's order links to its page behind sign-in; a guest order links to
/// <see cref="GuestPath"/> with a token that names this order and when the link stops working, authenticated and
/// encrypted by Data Protection (the keys the cookies use, kept in the database). The token cannot be made or altered
/// without the keys, is never valid for another order, and expires after <c>Guest:LinkLifetime</c> (90 days); every
/// refusal looks the same (404), so the page tells an enumerator nothing.
/// </summary>
public sealed class OrderLinks(IDataProtectionProvider protection, TimeProvider clock, IConfiguration configuration)
{
    private readonly IDataProtector _protector = protection.CreateProtector("WebApp.Orders.GuestOrderLink.v1");

    public TimeSpan Lifetime { get; } = configuration.GetValue("Guest:LinkLifetime", TimeSpan.FromDays(90));

    /// <summary>The guest page's path (without its token): the one spelling of that URL.</summary>
    public static string GuestPathOf(int orderId) => $"/guest/orders/{orderId}";

    /// <summary>The path and query of a fresh guest link to this order, valid for <see cref="Lifetime"/> from now.</summary>
    public string GuestPath(int orderId)
    {
        var payload = new byte[12];
        BinaryPrimitives.WriteInt32BigEndian(payload, orderId);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(4), (clock.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        return $"{GuestPathOf(orderId)}?token={WebEncoders.Base64UrlEncode(_protector.Protect(payload))}";
    }

    /// <summary>What a mail about this order links to: the account's order page, or a signed guest link.</summary>
    /// <param name="siteUrl">The site's public address, without a trailing slash.</param>
    public string ForMail(int orderId, string? userId, string siteUrl) => siteUrl + (userId is null ? GuestPath(orderId) : Order.PathOf(orderId));

    /// <summary>True only for an unexpired token made by <see cref="GuestPath"/> for this very order.</summary>
    public bool Opens(int orderId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return false;
        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return false;
        }
        return payload.Length == 12
            && BinaryPrimitives.ReadInt32BigEndian(payload) == orderId
            && DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(4))) > clock.GetUtcNow();
    }
}
