namespace WebApp.Checkout;

/// <summary>What the checkout asks a gateway to do: take <see cref="AmountCents"/> for one order, once.</summary>
/// <param name="IdempotencyKey">The order's one-time key: a gateway that sees it twice must not charge twice.</param>
public sealed record PaymentRequest(int OrderId, string IdempotencyKey, long AmountCents, string Currency, CardDetails? Card);

/// <summary>Card data exists only for the length of the request: it is passed to the gateway and never stored.</summary>
public sealed record CardDetails(string Number, int ExpiryMonth, int ExpiryYear, string Cvc, string NameOnCard);

/// <param name="Reference">The gateway's id for the charge, stored with the order.</param>
/// <param name="Summary">What the order page may show about the payment ("Visa ending 4242").</param>
/// <param name="Captured">True when the money is taken now (the order becomes Paid); false for pay on delivery.</param>
public sealed record PaymentResult(bool Approved, string? Reference, string? Summary, bool Captured, string? DeclineMessage)
{
    public static PaymentResult Declined(string message) => new(false, null, null, false, message);
}

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

/// <summary>Nothing is taken online: the courier collects. The order stays Placed until it ships.</summary>
public sealed class PayOnDeliveryGateway : IPaymentGateway
{
    public string Method => "cod";
    public string DisplayName => "Pay on delivery";
    public bool NeedsCard => false;

    public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken ct = default) =>
        Task.FromResult(new PaymentResult(true, $"cod_{request.OrderId}", "Pay on delivery", Captured: false, null));
}

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

    private static PaymentResult Decide(PaymentRequest request)
    {
        var number = request.Card!.Number;
        if (number == InsufficientFundsNumber) return PaymentResult.Declined("Your card was declined: insufficient funds. Try another card or pay on delivery.");
        if (!ApprovedNumbers.Contains(number)) return PaymentResult.Declined("Your card was declined. Check the number or try another card.");
        var brand = number[0] == '4' ? "Visa" : "Mastercard";
        return new PaymentResult(true, $"test_{Guid.NewGuid():N}", $"{brand} ending {number[^4..]}", Captured: true, null);
    }
}
