using System.Net;
using System.Text;
using WebApp.Addresses;
using WebApp.Catalog;
using WebApp.Orders;
using WebApp.Tax;

namespace WebApp.Mail;

/// <summary>The order mails: the confirmation with its lines, totals and a link to follow the order; the shipping notice.</summary>
public static class OrderMessages
{
    /// <param name="countryName">The destination's name, for the address printed in its country's order.</param>
    public static EmailMessage Confirmation(Order order, string link, string countryName)
    {
        var address = AddressRules.Lines(order.ShippingAddress, countryName);
        var text = new StringBuilder()
            .Append("Thank you for your order.\r\n\r\n")
            .Append("Order #").Append(order.Id).Append(" - ").Append(order.Status).Append("\r\n\r\n");
        var html = new StringBuilder()
            .Append("<p>Thank you for your order.</p><p><strong>Order #").Append(order.Id).Append("</strong> &middot; ").Append(order.Status).Append("</p><table>");
        foreach (var line in order.Lines)
        {
            text.Append(line.Quantity).Append(" x ").Append(line.Name).Append("  ").Append(Money.Format(line.LineTotalCents)).Append("\r\n");
            html.Append("<tr><td>").Append(line.Quantity).Append(" &times; ").Append(WebUtility.HtmlEncode(line.Name)).Append("</td><td align=\"right\">")
                .Append(Money.Format(line.LineTotalCents)).Append("</td></tr>");
        }
        text.Append("\r\nSubtotal ").Append(Money.Format(order.SubtotalCents))
            .Append("\r\nShipping (").Append(order.ShippingMethod).Append(") ").Append(Money.Format(order.ShippingCents))
            .Append(order.Tax is { Included: false } added ? $"\r\n{TaxWording.LineLabel(added)} {Money.Format(added.Cents)}" : "")
            .Append("\r\nTotal ").Append(Money.Format(order.TotalCents))
            .Append(order.Tax is { Included: true } included ? $"\r\n{TaxWording.LineLabel(included)} {Money.Format(included.Cents)}" : "")
            .Append("\r\n\r\nShipping to:\r\n").AppendJoin("\r\n", address)
            .Append("\r\n\r\nPayment: ").Append(order.PaymentSummary ?? order.PaymentMethod)
            .Append("\r\n\r\nFollow your order here:\r\n").Append(link).Append("\r\n");
        html.Append("</table><p>Total <strong>").Append(Money.Format(order.TotalCents)).Append("</strong> (subtotal ").Append(Money.Format(order.SubtotalCents))
            .Append(", shipping ").Append(Money.Format(order.ShippingCents))
            .Append(order.Tax is { } tax ? $", {WebUtility.HtmlEncode(TaxWording.LineLabel(tax).ToLowerInvariant())} {Money.Format(tax.Cents)}" : "").Append(")</p>")
            .Append("<p>Shipping to:<br>").AppendJoin("<br>", address.Select(WebUtility.HtmlEncode)).Append("</p>")
            .Append("<p>Payment: ").Append(WebUtility.HtmlEncode(order.PaymentSummary ?? order.PaymentMethod)).Append("</p>")
            .Append("<p><a href=\"").Append(WebUtility.HtmlEncode(link)).Append("\">Follow your order</a></p>");
        return new EmailMessage(order.Email, $"Your WebApp Store order #{order.Id}", text.ToString(), html.ToString());
    }

    /// <summary>Sent when staff mark the order shipped: the carrier and tracking number, and the order's link.</summary>
    public static EmailMessage Shipped(Order order, string link) => new(
        order.Email,
        $"Your WebApp Store order #{order.Id} has shipped",
        $"Good news: order #{order.Id} is on its way.\r\n\r\nCarrier: {order.Carrier}\r\nTracking number: {order.TrackingNumber}\r\n\r\nFollow your order here:\r\n{link}\r\n",
        $"<p>Good news: order #{order.Id} is on its way.</p><p>Carrier: <strong>{WebUtility.HtmlEncode(order.Carrier)}</strong><br>Tracking number: <strong>{WebUtility.HtmlEncode(order.TrackingNumber)}</strong></p>" +
        $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Follow your order</a></p>");
}
