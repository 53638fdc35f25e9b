namespace WebApp.Orders;

public sealed class Order
{
    /// <summary>The order's page: the one spelling of its URL (pages, redirects, mail).</summary>
    public static string PathOf(int id) => $"/orders/{id}";

    public int Id { get; set; }

    /// <summary>The account that owns the order; null for a guest order until an account with its email claims it.</summary>
    public string? UserId { get; set; }

    /// <summary>Where the order's mail goes; for a guest order also what an account must have confirmed to claim it.</summary>
    public required string Email { get; set; }

    /// <summary>The one-time key the checkout form carried (unique): a repeated submit finds this order instead of making another.</summary>
    public required string IdempotencyKey { get; set; }
    public OrderStatus Status { get; set; }
    public DateTime PlacedAt { get; set; }

    public required string FullName { get; set; }
    public required string AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public required string City { get; set; }

    /// <summary>The state or province code where the country has a list ("IL", "ON"), free text elsewhere, or null.</summary>
    public string? Region { get; set; }
    public required string PostalCode { get; set; }
    public required string Country { get; set; }
    public required string Phone { get; set; }

    public required string ShippingMethod { get; set; }

    /// <summary>
    /// The delivery option's code ("express") as it was when the order was placed, since session 47: looked up by the
    /// name, a method renamed in the configuration left past orders with no code. Null on older orders.
    /// </summary>
    public string? ShippingMethodCode { get; set; }
    public long SubtotalCents { get; set; }
    public long ShippingCents { get; set; }
    public long TaxCents { get; set; }

    /// <summary>The tax charged as it was when the order was placed ("VAT", 2000 = 20 %); null name and 0 when none applied.</summary>
    public string? TaxName { get; set; }
    public int TaxRateBasisPoints { get; set; }

    /// <summary>True when <see cref="TaxCents"/> was part of the prices (VAT-style) rather than added to the total.</summary>
    public bool TaxIncluded { get; set; }
    public long TotalCents { get; set; }

    public required string PaymentMethod { get; set; }

    /// <summary>The gateway's reference for the charge (never card data).</summary>
    public string? PaymentReference { get; set; }
    public string? PaymentSummary { get; set; }

    /// <summary>
    /// A refund of a cancelled card order: when staff sent it to the gateway (set first, so two clicks send one), and once
    /// the gateway took it, its reference and amount. Sent but unrecorded (a crash between) may be sent again after
    /// <see cref="OrderWorkflow.PaymentWindow"/>: the gateway sees the same one-time key and refunds once.
    /// </summary>
    public DateTime? RefundedAt { get; set; }
    public string? RefundReference { get; set; }
    public long? RefundedCents { get; set; }

    /// <summary>Set when the order is marked shipped; the customer sees them on the order page and in the mail.</summary>
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public Addresses.PostalAddress ShippingAddress => new(FullName, AddressLine1, AddressLine2, City, Region, PostalCode, Country);

    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public Tax.TaxLine? Tax => TaxName is null ? null : new(TaxName, TaxRateBasisPoints, TaxCents, TaxIncluded);

    public List<OrderLine> Lines { get; set; } = [];
    public List<OrderStatusChange> History { get; set; } = [];
    public List<OrderNote> Notes { get; set; } = [];
}
