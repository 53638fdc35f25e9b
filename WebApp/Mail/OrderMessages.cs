using WebApp.Addresses;
using WebApp.Catalog;
using WebApp.Orders;
using WebApp.Tax;

namespace WebApp.Mail;

/// <summary>The order mails: placed (lines, totals, a link to follow the order), shipped and cancelled.</summary>
public sealed class OrderMessages(MailLayout layout)
{
    private string Store => layout.StoreName;

    /// <param name="link">The order's page for an account, or the signed guest link (<see cref="OrderLinks"/>).</param>
    /// <param name="countryName">The destination's name, for the address printed in its country's order.</param>
    public EmailMessage Confirmation(Order order, string link, string countryName)
    {
        List<(string, string)> totals =
        [
            ("Subtotal", Money.Format(order.SubtotalCents)),
            ($"Shipping ({order.ShippingMethod})", Money.Format(order.ShippingCents)),
        ];
        if (order.Tax is { Included: false } added) totals.Add((TaxWording.LineLabel(added), Money.Format(added.Cents)));
        totals.Add(("Total", Money.Format(order.TotalCents)));
        var body = new MailBody()
            .Paragraph($"Thank you for your order, {order.FullName}. Order #{order.Id} is {Word(order.Status)}.")
            .Rows(order.Lines.Select(l => ($"{l.Quantity} x {l.Name}", Money.Format(l.LineTotalCents))))
            .Rows(totals, lastIsTotal: true);
        if (order.Tax is { Included: true } included) body.Paragraph($"{TaxWording.LineLabel(included)}: {Money.Format(included.Cents)}");
        body.Lines("Shipping to:", AddressRules.Lines(order.ShippingAddress, countryName))
            .Paragraph($"Payment: {order.PaymentSummary ?? order.PaymentMethod}")
            .Action("Follow your order", link);
        if (order.UserId is null)
        {
            body.Paragraph("You checked out as a guest: the link above opens this order without signing in. From that page you can create an account with this address, and the account then keeps all your orders.");
        }
        return layout.Compose(order.Email, $"Your {Store} order #{order.Id}", $"Order #{order.Id} is placed", body);
    }

    /// <summary>Sent when staff mark the order shipped: the carrier and tracking number, the staff's note, and the order's link.</summary>
    public EmailMessage Shipped(Order order, string link, string? note = null)
    {
        var body = new MailBody()
            .Paragraph($"Good news: order #{order.Id} is on its way.")
            .Rows([("Carrier", order.Carrier ?? ""), ("Tracking number", order.TrackingNumber ?? "")]);
        if (note is not null) body.Paragraph($"A note from us: {note}");
        return layout.Compose(order.Email, $"Your {Store} order #{order.Id} has shipped", $"Order #{order.Id} is on its way", body.Action("Follow your order", link));
    }

    /// <param name="byCustomer">The customer cancelled it (else the store did).</param>
    /// <param name="note">The store's note for the customer (why it was cancelled), if it wrote one.</param>
    public EmailMessage Cancelled(Order order, string link, bool byCustomer, string? note = null)
    {
        var body = new MailBody()
            .Paragraph(byCustomer
                ? $"As you asked, order #{order.Id} is cancelled. Nothing will be shipped."
                : $"We are sorry: we had to cancel order #{order.Id}. Nothing will be shipped.");
        if (note is not null) body.Paragraph($"A note from us: {note}");
        body.Paragraph($"If you paid for it by card, we refund the payment and email you when it is done. Any question: write to {layout.ContactEmail} quoting order #{order.Id}.")
            .Action("See the order", link);
        return layout.Compose(order.Email, $"Your {Store} order #{order.Id} is cancelled", $"Order #{order.Id} is cancelled", body);
    }

    public EmailMessage Refunded(Order order, string link) => layout.Compose(order.Email,
        $"Your {Store} order #{order.Id} is refunded",
        $"Order #{order.Id} is refunded",
        new MailBody()
            .Paragraph($"We have refunded {Money.Format(order.RefundedCents ?? order.TotalCents)} for cancelled order #{order.Id} to {order.PaymentSummary ?? "your card"}.")
            .Paragraph("Banks usually take 5 to 10 working days to show it on your statement.")
            .Action("See the order", link));

    private static string Word(OrderStatus status) => status == OrderStatus.Paid ? "paid" : status.ToString().ToLowerInvariant();
}
