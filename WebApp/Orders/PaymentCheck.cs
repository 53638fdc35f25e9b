namespace WebApp.Orders;

/// <summary>What asking the gateway about an unpaid card order found (<see cref="OrderWorkflow.CheckPaymentAsync"/>).</summary>
public abstract record PaymentCheck
{
    private PaymentCheck()
    {
    }

    /// <summary>The charge had gone through: the order is now Paid.</summary>
    public sealed record Paid(string? Summary) : PaymentCheck;

    /// <summary>The gateway never saw a charge for the order: nothing was taken, so cancelling it is safe.</summary>
    public sealed record NoCharge : PaymentCheck;

    /// <summary>The order was cancelled without its payment recorded, and the gateway had taken it: it is now recorded, to refund.</summary>
    public sealed record PaidButCancelled(string? Summary) : PaymentCheck;

    public sealed record Declined(string Message) : PaymentCheck;

    /// <summary>There is nothing to check (no such order, not a card order, or no longer Placed).</summary>
    public sealed record NotAwaitingPayment(string Problem) : PaymentCheck;
}
