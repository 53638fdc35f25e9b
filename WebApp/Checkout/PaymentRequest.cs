namespace WebApp.Checkout;

/// <summary>What the checkout asks a gateway to do: take <see cref="AmountCents"/> for one order, once.</summary>
/// <param name="IdempotencyKey">The order's one-time key: a gateway that sees it twice must not charge twice.</param>
public sealed record PaymentRequest(int OrderId, string IdempotencyKey, long AmountCents, string Currency, CardDetails? Card);
