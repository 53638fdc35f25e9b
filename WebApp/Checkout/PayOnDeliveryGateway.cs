namespace WebApp.Checkout;

/// <summary>Nothing is taken online: the courier collects. The order stays Placed until it ships.</summary>
public sealed class PayOnDeliveryGateway : IPaymentGateway
{
    public string Method => "cod";
    public string DisplayName => "Pay on delivery";
    public bool NeedsCard => false;

    public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken ct = default) =>
        Task.FromResult(new PaymentResult(true, $"cod_{request.OrderId}", "Pay on delivery", Captured: false, null));

    // Nothing is ever taken online, so there is no charge to find.
    public Task<PaymentResult?> FindChargeAsync(string idempotencyKey, CancellationToken ct = default) => Task.FromResult<PaymentResult?>(null);

    // Nothing was taken by card: money handed to the courier goes back the way it came, outside the store.
    public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default) =>
        Task.FromResult(RefundResult.Failed("An order paid on delivery has no card payment to refund."));
}
