using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace WebApp.Cart;

/// <summary>A cart line just removed, as carried (signed, time-limited) by the "Undo" form.</summary>
public sealed record RemovedLine(string CartId, int ProductId, int Quantity, long PriceCentsWhenAdded, DateTime AddedAt)
{
    public string ToText() => string.Join('|', CartId, ProductId.ToString(CultureInfo.InvariantCulture),
        Quantity.ToString(CultureInfo.InvariantCulture), PriceCentsWhenAdded.ToString(CultureInfo.InvariantCulture),
        AddedAt.Ticks.ToString(CultureInfo.InvariantCulture));

    /// <summary>The line a token names, or null for a token that is missing, forged, expired or malformed.</summary>
    public static RemovedLine? Read(string? token, ITimeLimitedDataProtector protector)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        string text;
        try
        {
            text = protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = text.Split('|');
        if (parts.Length != 5) return null;
        var c = CultureInfo.InvariantCulture;
        return int.TryParse(parts[1], NumberStyles.None, c, out var productId)
            && int.TryParse(parts[2], NumberStyles.None, c, out var quantity)
            && long.TryParse(parts[3], NumberStyles.None, c, out var price)
            && long.TryParse(parts[4], NumberStyles.None, c, out var ticks)
            && quantity is >= 1 and <= CartService.MaxQuantity
            ? new RemovedLine(parts[0], productId, quantity, price, new DateTime(ticks, DateTimeKind.Utc))
            : null;
    }
}
