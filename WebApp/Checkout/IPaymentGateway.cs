namespace WebApp.Checkout;

/// <summary>
/// A way to pay. The checkout lists every registered gateway and calls the chosen one; a real provider is one more
/// implementation registered in <see cref="CheckoutServices"/>, with no change to the checkout.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>The value the checkout form posts for this method ("card", "cod").</summary>
    string Method { get; }

    string DisplayName { get; }

    bool NeedsCard { get; }

    Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken ct = default);

    /// <summary>
    /// The answer this gateway gave to the charge with <paramref name="idempotencyKey"/>, or null when it never saw one:
    /// how staff settle an order whose process died between placing it and recording its payment (card data is gone by
    /// then, so the charge cannot simply be sent again).
    /// </summary>
    Task<PaymentResult?> FindChargeAsync(string idempotencyKey, CancellationToken ct = default);

    /// <summary>
    /// Gives back <see cref="RefundRequest.AmountCents"/> of the charge <see cref="RefundRequest.PaymentReference"/>. The
    /// same <see cref="RefundRequest.IdempotencyKey"/> sent again returns the first answer and refunds nothing more.
    /// </summary>
    Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default);
}

public sealed record RefundRequest(string PaymentReference, long AmountCents, string IdempotencyKey);

/// <param name="Reference">The gateway's id for the refund, stored with the order.</param>
public sealed record RefundResult(bool Refunded, string? Reference, string? FailureMessage)
{
    public static RefundResult Failed(string message) => new(false, null, message);
}
