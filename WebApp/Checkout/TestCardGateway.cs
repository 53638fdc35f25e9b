namespace WebApp.Checkout;

/// <summary>
/// A card gateway for development and tests that behaves like a provider's test mode: the well-known test numbers
/// 4242 4242 4242 4242 (Visa) and 5555 5555 5555 4444 (Mastercard) are approved, 4000 0000 0000 9995 is declined for
/// insufficient funds, and any other number is declined. Charges are remembered by idempotency key, so a retried
/// charge returns the first answer instead of charging again.
/// </summary>
public sealed class TestCardGateway : IPaymentGateway
{
    public static readonly string[] ApprovedNumbers = ["4242424242424242", "5555555555554444"];
    public const string InsufficientFundsNumber = "4000000000009995";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, PaymentResult> _charges = new();

    public string Method => "card";
    public string DisplayName => "Card";
    public bool NeedsCard => true;

    /// <summary>How many distinct charges were approved (tests use it to prove nothing is charged twice).</summary>
    public int ApprovedCharges => _charges.Values.Count(c => c.Approved);

    public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request.Card);
        return Task.FromResult(_charges.GetOrAdd(request.IdempotencyKey, _ => Decide(request)));
    }

    public Task<PaymentResult?> FindChargeAsync(string idempotencyKey, CancellationToken ct = default) =>
        Task.FromResult(_charges.TryGetValue(idempotencyKey, out var charge) ? charge : null);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RefundResult> _refunds = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _refundedCharges = new();

    /// <summary>How many distinct refunds were made (tests use it to prove nothing is refunded twice).</summary>
    public int Refunds => _refunds.Values.Count(r => r.Refunded);

    /// <summary>
    /// Refunds a test charge ("test_..." references: a provider's test mode knows its own, even after a restart here)
    /// once: a second key for the same charge is refused, as a provider refuses more than was charged.
    /// </summary>
    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default) =>
        Task.FromResult(_refunds.GetOrAdd(request.IdempotencyKey, key =>
        {
            if (!request.PaymentReference.StartsWith("test_", StringComparison.Ordinal) || request.AmountCents <= 0) return RefundResult.Failed("The gateway has no such payment to refund.");
            if (!_refundedCharges.TryAdd(request.PaymentReference, key)) return RefundResult.Failed("That payment was already refunded.");
            return new RefundResult(true, $"test_re_{Guid.NewGuid():N}", null);
        }));

    private static PaymentResult Decide(PaymentRequest request)
    {
        var number = request.Card!.Number;
        if (number == InsufficientFundsNumber) return PaymentResult.Declined("Your card was declined: insufficient funds. Try another card or pay on delivery.");
        if (!ApprovedNumbers.Contains(number)) return PaymentResult.Declined("Your card was declined. Check the number or try another card.");
        var brand = number[0] == '4' ? "Visa" : "Mastercard";
        return new PaymentResult(true, $"test_{Guid.NewGuid():N}", $"{brand} ending {number[^4..]}", Captured: true, null);
    }
}
