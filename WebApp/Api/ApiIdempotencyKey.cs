namespace WebApp.Api;

/// <summary>
/// An <c>Idempotency-Key</c> an API client sent with <c>POST /api/v1/orders</c>: whose it is, a hash of the body it came
/// with, and the order it placed (null while the first request with it is still placing, or if that one failed and
/// the key is free again). Unique per user and key.
/// </summary>
public sealed class ApiIdempotencyKey
{
    public const int KeyMaxLength = 100;

    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Key { get; set; }

    /// <summary>SHA-256 (hex) of the body as read, with the card reduced to its last four digits and no security code.</summary>
    public required string BodyHash { get; set; }
    public int? OrderId { get; set; }
    public DateTime CreatedAt { get; set; }
}
