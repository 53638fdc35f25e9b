namespace WebApp.Checkout;

/// <param name="Reference">The gateway's id for the charge, stored with the order.</param>
/// <param name="Summary">What the order page may show about the payment ("Visa ending 4242").</param>
/// <param name="Captured">True when the money is taken now (the order becomes Paid); false for pay on delivery.</param>
public sealed record PaymentResult(bool Approved, string? Reference, string? Summary, bool Captured, string? DeclineMessage)
{
    public static PaymentResult Declined(string message) => new(false, null, null, false, message);
}
