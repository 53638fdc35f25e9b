namespace WebApp.Catalog;

/// <summary>
/// "Notify me when back" for an out-of-stock product: pending until the product's stock returns, then mailed once and
/// marked done. At most one pending request per address and product (a unique index over the pending rows).
/// </summary>
public sealed class BackInStockRequest
{
    public const int MaxEmailLength = 256;
    public const int StopTokenLength = 32;

    public int Id { get; set; }
    public int ProductId { get; set; }

    /// <summary>Trimmed and lower-cased, so "A@x.com" and "a@x.com " are one request.</summary>
    public required string Email { get; set; }

    /// <summary>The product's absolute address for the mail, built when asked (the mail may go from a request with none).</summary>
    public required string ProductLink { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// 128 random bits in hex: the mail's "stop" link and its <c>List-Unsubscribe</c> address, which work without
    /// signing in. Anyone can type an address into the form, so its owner needs a way out that asks for nothing.
    /// </summary>
    public required string StopToken { get; set; }

    /// <summary>When the mail went to the outbox; null while pending.</summary>
    public DateTime? NotifiedAt { get; set; }
}
