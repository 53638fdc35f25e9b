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
}
