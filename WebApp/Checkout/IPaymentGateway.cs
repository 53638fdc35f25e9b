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
}
