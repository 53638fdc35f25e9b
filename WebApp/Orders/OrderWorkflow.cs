using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Mail;

namespace WebApp.Orders;

/// <summary>
/// Moves an order from one status to the next, following <see cref="OrderStatusRules"/>, and records the change.
/// Cancelling puts the stock back in the same transaction; the status update is conditional on the status read, so
/// two moves racing (a double click, two tabs, an admin and the customer) apply once and restock once. Staff moves
/// write their audit rows in that same transaction.
/// </summary>
public sealed class OrderWorkflow(StoreDbContext db, Inventory inventory, AdminAudit audit, IEnumerable<IPaymentGateway> gateways,
    IEmailSender mail, OrderMessages messages, OrderLinks links, TimeProvider clock, ILogger<OrderWorkflow> logger)
{
    /// <summary>
    /// How long a card order may be Placed because its payment is still being taken. Staff cannot cancel it sooner: a
    /// cancel in that moment met the charge or the decline that followed (an outside review, session 45). Past it, the
    /// dashboard lists the order as left unpaid, with Check payment.
    /// </summary>
    public static readonly TimeSpan PaymentWindow = TimeSpan.FromMinutes(5);

    public const int CarrierMaxLength = 60;
    public const int TrackingNumberMaxLength = 60;

    /// <summary>Room left for staff's own words in a history note (the column holds 200).</summary>
    public const int NoteMaxLength = 120;

    private sealed record Shipment(string Carrier, string TrackingNumber);

    /// <param name="ownerId">When a customer acts: the order must be theirs. Null for the system.</param>
    /// <returns>Null when done, otherwise why not.</returns>
    public Task<string?> MoveAsync(int orderId, OrderStatus to, string note, string? ownerId, CancellationToken ct = default) =>
        MoveCoreAsync(orderId, to, note, ownerId, staff: null, shipment: null, ct);

    /// <summary>Staff hand the order to a carrier; the customer is mailed the carrier and tracking number.</summary>
    /// <param name="siteUrl">The site's public address, without a trailing slash, for the link in the mail.</param>
    public async Task<string?> ShipAsync(int orderId, string carrier, string trackingNumber, string? note, ClaimsPrincipal staff, string siteUrl, CancellationToken ct = default)
    {
        carrier = carrier.Trim();
        trackingNumber = trackingNumber.Trim();
        if (carrier.Length is 0 or > CarrierMaxLength || trackingNumber.Length is 0 or > TrackingNumberMaxLength) return "Enter the carrier and the tracking number.";
        var problem = await MoveCoreAsync(orderId, OrderStatus.Shipped, WithNote($"Shipped with {carrier}, tracking {trackingNumber}", note), null, staff,
            new Shipment(carrier, trackingNumber), ct);
        if (problem is null) await SendMailAsync(orderId, siteUrl, "shipped", (order, link) => messages.Shipped(order, link, NoteOf(note)), ct);
        return problem;
    }

    public Task<string?> DeliverAsync(int orderId, string? note, ClaimsPrincipal staff, CancellationToken ct = default) =>
        MoveCoreAsync(orderId, OrderStatus.Delivered, WithNote("Delivered", note), null, staff, null, ct);

    /// <summary>Staff cancel the order and its stock goes back; the customer is mailed. A captured card payment is not refunded here.</summary>
    /// <param name="siteUrl">The site's public address, without a trailing slash, for the link in the mail.</param>
    public async Task<string?> CancelAsync(int orderId, string? note, ClaimsPrincipal staff, string siteUrl, CancellationToken ct = default)
    {
        // A card order left Placed (its process died after the charge) is asked about first: cancelled unasked, its charge
        // was never recorded, the page said "nothing more to do" and no refund could be made (session 46's second
        // review). Found, the payment is recorded (the order becomes Paid) and the cancel then offers the refund.
        var placed = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && o.Status == OrderStatus.Placed)
            .Select(o => new { o.PaymentMethod, o.IdempotencyKey }).FirstOrDefaultAsync(ct);
        var asked = false;
        if (placed is not null && CardGatewayOf(placed.PaymentMethod) is { } card)
        {
            asked = true;
            if (await card.FindChargeAsync(placed.IdempotencyKey, ct) is { Approved: true } charge) await RecordPaymentAsync(orderId, charge, staff, ct);
        }
        var problem = await MoveCoreAsync(orderId, OrderStatus.Cancelled, WithNote("Cancelled by the store", note), null, staff, null, ct);
        if (problem is null && asked) await NoChargeFoundAsync(orderId, ct);
        if (problem is null) await SendMailAsync(orderId, siteUrl, "cancelled", (order, link) => messages.Cancelled(order, link, byCustomer: false, NoteOf(note)), ct);
        return problem;
    }

    /// <summary>
    /// Staff refund a cancelled card order's payment in full through its gateway; the refund is recorded on the order,
    /// in its history (the customer sees it) and the audit, and the customer is mailed. Until session 46 the page could
    /// only say "refund it at the provider", and the store never knew whether that was done. The order is claimed
    /// first (<see cref="Order.RefundedAt"/>), so two clicks or two admins send one refund; the gateway's one-time key
    /// of the charge (<see cref="RefundKey"/>) makes a retry after a crash refund once.
    /// </summary>
    /// <returns>Null when refunded, otherwise why not.</returns>
    public async Task<string?> RefundAsync(int orderId, ClaimsPrincipal staff, string siteUrl, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Status, o.PaymentMethod, o.PaymentReference, o.PaymentSummary, o.TotalCents, o.RefundReference }).FirstOrDefaultAsync(ct);
        if (order is null) return "That order does not exist.";
        if (order.RefundReference is not null)
        {
            audit.Record(staff, "Refund", nameof(Order), Key(orderId), null, null, "Refused: already refunded");
            await db.SaveChangesAsync(ct);
            return $"Order #{orderId} was already refunded.";
        }
        if (order.Status != OrderStatus.Cancelled) return $"Only a cancelled order is refunded here; order #{orderId} is {Word(order.Status)}.";
        var gateway = CardGatewayOf(order.PaymentMethod);
        if (gateway is null || order.PaymentReference is null) return $"Order #{orderId} has no card payment to refund.";

        var now = Now;
        var stale = now - PaymentWindow;
        var claimed = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.Cancelled && o.RefundReference == null
                && (o.RefundedAt == null || o.RefundedAt < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedAt, now), ct);
        if (claimed == 0) return $"A refund of order #{orderId} is already under way; reload in a moment to see it.";

        RefundResult refund;
        try
        {
            refund = await gateway.RefundAsync(new RefundRequest(order.PaymentReference, order.TotalCents, RefundKey(order.PaymentReference)), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Order {OrderId}: the refund could not be sent to the gateway", orderId);
            refund = RefundResult.Failed("The payment provider could not be reached. Nothing was refunded; try again in a moment.");
        }
        if (!refund.Refunded)
        {
            await db.Orders.Where(o => o.Id == orderId && o.RefundReference == null).ExecuteUpdateAsync(s => s.SetProperty(o => o.RefundedAt, (DateTime?)null), CancellationToken.None);
            audit.Record(staff, "Refund", nameof(Order), Key(orderId), null, null, $"Refused by the gateway: {refund.FailureMessage}");
            await db.SaveChangesAsync(CancellationToken.None);
            return refund.FailureMessage ?? "The payment provider refused the refund.";
        }

        // Recorded whatever the request's fate from here: the money has gone back.
        await using (var tx = await db.Database.BeginTransactionAsync(CancellationToken.None))
        {
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.RefundReference, refund.Reference)
                .SetProperty(o => o.RefundedCents, order.TotalCents), CancellationToken.None);
            var note = $"Refunded {Money.Format(order.TotalCents)} to {order.PaymentSummary ?? "the card"}";
            db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = orderId, Status = OrderStatus.Cancelled, At = now, Note = note });
            var id = Key(orderId);
            audit.Record(staff, "Refund", nameof(Order), id, nameof(Order.RefundedCents), null, order.TotalCents.ToString(System.Globalization.CultureInfo.InvariantCulture));
            audit.Record(staff, "Refund", nameof(Order), id, nameof(Order.RefundReference), null, refund.Reference);
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        logger.LogInformation("Order {OrderId}: refunded {Cents} cents, reference {Reference}", orderId, order.TotalCents, refund.Reference);
        await SendMailAsync(orderId, siteUrl, "refunded", messages.Refunded, CancellationToken.None);
        return null;
    }

    /// <summary>
    /// The refund's one-time key at the gateway: the charge's own reference, not the order's number, which a restored
    /// backup or a second store on one gateway account may reuse; keyed by the order, such a refund was answered with
    /// another charge's refund and this one never went back (session 46's second review).
    /// </summary>
    public static string RefundKey(string paymentReference) => "refund-" + paymentReference;

    /// <summary>The words a cancelled card order keeps once the gateway said it took nothing: its page stops offering a check.</summary>
    public const string NoChargeSummary = "No charge at the gateway";

    private Task<int> NoChargeFoundAsync(int orderId, CancellationToken ct) =>
        db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.Cancelled && o.PaymentReference == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.PaymentSummary, NoChargeSummary), ct);

    /// <summary>The customer cancels their own order (while <see cref="CustomerCanCancel"/>); they are mailed.</summary>
    public async Task<string?> CancelByCustomerAsync(int orderId, string ownerId, string siteUrl, CancellationToken ct = default)
    {
        var problem = await MoveCoreAsync(orderId, OrderStatus.Cancelled, "Cancelled by the customer", ownerId, staff: null, shipment: null, ct);
        if (problem is null) await SendMailAsync(orderId, siteUrl, "cancelled", (order, link) => messages.Cancelled(order, link, byCustomer: true), ct);
        return problem;
    }

    /// <summary>Pay-on-delivery orders ship from Placed; a card order ships only once it is Paid.</summary>
    public bool CanShip(OrderStatus status, string paymentMethod) => OrderStatusRules.CanShip(status, PaysOnDelivery(paymentMethod));

    /// <summary>The <see cref="Order.PaymentMethod"/> names of the gateways that take a card.</summary>
    public IReadOnlyList<string> CardMethods => [.. gateways.Where(g => g.NeedsCard).Select(g => g.DisplayName)];

    public IReadOnlyList<string> OnDeliveryMethods => [.. gateways.Where(g => !g.NeedsCard).Select(g => g.DisplayName)];

    private bool PaysOnDelivery(string paymentMethod) => OnDeliveryMethods.Contains(paymentMethod);

    /// <summary>The card gateway an order's <see cref="Order.PaymentMethod"/> names, or null for pay on delivery (or one no longer offered).</summary>
    private IPaymentGateway? CardGatewayOf(string paymentMethod) => gateways.FirstOrDefault(g => g.NeedsCard && g.DisplayName == paymentMethod);

    /// <summary>
    /// The <see cref="Order.PaymentMethod"/> name a filter means, given that name or the gateway's code in any letter case
    /// ("card", "COD", "pay on delivery"), or null for none.
    /// </summary>
    public string? PaymentMethodNamed(string nameOrCode) => gateways
        .FirstOrDefault(g => string.Equals(g.DisplayName, nameOrCode.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(g.Method, nameOrCode.Trim(), StringComparison.OrdinalIgnoreCase))
        ?.DisplayName;

    /// <summary>The checkout's code ("card", "cod") of the way to pay an order names, or null when it is no longer offered.</summary>
    public string? PaymentMethodCodeOf(string paymentMethod) => gateways.FirstOrDefault(g => g.DisplayName == paymentMethod)?.Method;

    public bool CustomerCanCancel(OrderStatus status, string paymentMethod) => OrderStatusRules.CustomerCanCancel(status, PaysOnDelivery(paymentMethod));

    /// <summary>
    /// Records an approved payment: its reference and summary always, and Placed to Paid when the money was captured,
    /// conditional on the order still being Placed (anything that moved it meanwhile stands).
    /// </summary>
    /// <returns>True when the order became Paid.</returns>
    public async Task<bool> RecordPaymentAsync(int orderId, PaymentResult payment, ClaimsPrincipal? staff, CancellationToken ct = default)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.PaymentReference, payment.Reference)
            .SetProperty(o => o.PaymentSummary, payment.Summary), ct);
        var paid = payment.Captured && await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.Placed)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Paid), ct) == 1;
        if (paid) db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = orderId, Status = OrderStatus.Paid, At = Now, Note = $"Payment received ({payment.Summary})" });
        else if (payment.Captured && await db.Orders.Where(o => o.Id == orderId).Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(ct) == OrderStatus.Cancelled)
        {
            // Staff cancelled the order while its payment was being taken (customers cannot: CustomerCanCancel). The
            // money was taken all the same: an internal note says so on the order's admin page, and the log warns.
            db.OrderNotes.Add(new OrderNote
            {
                OrderId = orderId, At = Now, AuthorId = "", AuthorEmail = "The store (automatic)",
                Text = $"Payment received after the order was cancelled ({payment.Summary}, reference {payment.Reference}): refund it from this page.",
            });
            logger.LogWarning("Order {OrderId} was cancelled while its payment was taken; payment {Reference} needs a refund", orderId, payment.Reference);
        }
        if (staff is not null)
        {
            var id = Key(orderId);
            audit.Record(staff, "PaymentChecked", nameof(Order), id, nameof(Order.PaymentReference), null, payment.Reference);
            audit.Record(staff, "PaymentChecked", nameof(Order), id, nameof(Order.PaymentSummary), null, payment.Summary);
            if (paid) audit.Record(staff, "PaymentChecked", nameof(Order), id, nameof(Order.Status), nameof(OrderStatus.Placed), nameof(OrderStatus.Paid));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return paid;
    }

    /// <summary>
    /// For a card order left Placed (its process died between the order's commit and the payment's record): asks the
    /// gateway what became of the charge under the order's one-time key, and records it if it went through.
    /// </summary>
    public async Task<PaymentCheck> CheckPaymentAsync(int orderId, ClaimsPrincipal staff, CancellationToken ct = default)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Status, o.PaymentMethod, o.IdempotencyKey, o.PaymentReference }).FirstOrDefaultAsync(ct);
        if (order is null) return new PaymentCheck.NotAwaitingPayment("That order does not exist.");
        // Placed, or cancelled before its payment was recorded (a cancel from before session 46 did not ask the gateway).
        var cancelledUnpaid = order.Status == OrderStatus.Cancelled && order.PaymentReference is null;
        if (order.Status != OrderStatus.Placed && !cancelledUnpaid) return new PaymentCheck.NotAwaitingPayment($"Order #{orderId} is {Word(order.Status)}: there is no payment to check.");
        var gateway = CardGatewayOf(order.PaymentMethod);
        if (gateway is null) return new PaymentCheck.NotAwaitingPayment($"Order #{orderId} is not a card order: it is paid on delivery.");

        var charge = await gateway.FindChargeAsync(order.IdempotencyKey, ct);
        if (charge is null || !charge.Approved)
        {
            // A check that found nothing is audited too (only a found payment was, an outside review, session 45): it is
            // what a later cancel rests on.
            audit.Record(staff, "PaymentChecked", nameof(Order), Key(orderId), null, null, charge is null ? "No charge at the gateway" : "The charge was declined");
            await db.SaveChangesAsync(ct);
            if (cancelledUnpaid) await NoChargeFoundAsync(orderId, ct);
            return charge is null ? new PaymentCheck.NoCharge() : new PaymentCheck.Declined(charge.DeclineMessage ?? "The payment was declined.");
        }
        var paid = await RecordPaymentAsync(orderId, charge, staff, ct);
        logger.LogInformation("Order {OrderId}: payment found at the gateway and recorded ({Paid})", orderId, paid);
        if (cancelledUnpaid) return new PaymentCheck.PaidButCancelled(charge.Summary);
        return paid ? new PaymentCheck.Paid(charge.Summary) : new PaymentCheck.NotAwaitingPayment("The order changed meanwhile; reload to see its status.");
    }

    private async Task<string?> MoveCoreAsync(int orderId, OrderStatus to, string note, string? ownerId, ClaimsPrincipal? staff, Shipment? shipment, CancellationToken ct)
    {
        List<(int ProductId, int Quantity)> lines;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && (ownerId == null || o.UserId == ownerId))
                .Select(o => new { o.Status, o.PaymentMethod, o.Carrier, o.TrackingNumber, o.PlacedAt }).FirstOrDefaultAsync(ct);
            if (order is null) return "That order does not exist.";
            if (!OrderStatusRules.CanMove(order.Status, to)) return await NotMovableAsync(orderId, order.Status, to, ct);
            if (ownerId is not null && to == OrderStatus.Cancelled && !CustomerCanCancel(order.Status, order.PaymentMethod))
            {
                return order.Status == OrderStatus.Placed
                    ? "This order's card payment is still being settled, so it cannot be cancelled online: contact us to cancel it."
                    // It never could be: "no longer" misled (session 47's review).
                    : "A paid card order cannot be cancelled online: contact us to cancel it, and the payment is refunded to the card.";
            }
            if (to == OrderStatus.Shipped && !CanShip(order.Status, order.PaymentMethod)) return "A card order ships only once it is paid: check its payment first.";
            if (to == OrderStatus.Cancelled && order.Status == OrderStatus.Placed && !PaysOnDelivery(order.PaymentMethod) && order.PlacedAt > Now - PaymentWindow)
            {
                return $"Its card payment may still be under way: cancel it once the order is {PaymentWindow.TotalMinutes:0} minutes old, after checking its payment.";
            }

            var from = order.Status;
            var now = Now;
            var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == from).ExecuteUpdateAsync(s =>
            {
                s.SetProperty(o => o.Status, to);
                if (shipment is not null)
                {
                    s.SetProperty(o => o.Carrier, shipment.Carrier);
                    s.SetProperty(o => o.TrackingNumber, shipment.TrackingNumber);
                    s.SetProperty(o => o.ShippedAt, now);
                }
                if (to == OrderStatus.Delivered) s.SetProperty(o => o.DeliveredAt, now);
            }, ct);
            if (moved == 0) return "The order changed meanwhile; reload to see its status.";
            db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = orderId, Status = to, At = now, Note = note });

            lines = to == OrderStatus.Cancelled
                ? await db.OrderLines.Where(l => l.OrderId == orderId).Select(l => new ValueTuple<int, int>(l.ProductId, l.Quantity)).ToListAsync(ct)
                : [];
            if (staff is not null)
            {
                var action = to.ToString();
                var id = Key(orderId);
                audit.Record(staff, action, nameof(Order), id, nameof(Order.Status), from.ToString(), to.ToString());
                if (shipment is not null)
                {
                    audit.Record(staff, action, nameof(Order), id, nameof(Order.Carrier), order.Carrier, shipment.Carrier);
                    audit.Record(staff, action, nameof(Order), id, nameof(Order.TrackingNumber), order.TrackingNumber, shipment.TrackingNumber);
                }
                audit.Record(staff, action, nameof(OrderStatusChange), id, nameof(OrderStatusChange.Note), null, note);
                foreach (var (productId, quantity) in lines)
                {
                    audit.Record(staff, "Restocked", "Product", Key(productId), "Stock", null, $"+{quantity} (order #{orderId} cancelled)");
                }
            }
            await db.SaveChangesAsync(ct);
            await inventory.PutBackAsync(lines, ct);
            await tx.CommitAsync(ct);
        }
        await inventory.PublishAsync([.. lines.Select(l => l.ProductId)], ct);
        logger.LogInformation("Order {OrderId} moved to {Status} ({Actor})", orderId, to, ownerId is not null ? "customer" : staff is not null ? "staff" : "system");
        return null;
    }

    // The move stands whatever happens to the mail: a failure is logged, never shown as a failed shipment or cancel.
    private async Task SendMailAsync(int orderId, string siteUrl, string what, Func<Order, string, Mail.EmailMessage> message, CancellationToken ct)
    {
        try
        {
            var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
            await mail.SendAsync(message(order, links.ForMail(order.Id, order.UserId, siteUrl)), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Order {OrderId} {What} but its mail failed", orderId, what);
        }
    }

    private static string WithNote(string what, string? note) => NoteOf(note) is { } kept ? $"{what}: {kept}" : what;

    // The note for the customer as the history keeps it, and the mail quotes it: it was in the history alone, though
    // the form calls it the customer's (an outside review, session 51).
    private static string? NoteOf(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : note.Trim().Length > NoteMaxLength ? note.Trim()[..NoteMaxLength] : note.Trim();

    private static string Word(OrderStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// Why a move the order's status forbids changed nothing, said as a person would: it read "An order that is
    /// cancelled cannot become cancelled" to the admin in a stale tab and to a shopper whose cancel met an admin's (an
    /// outside review, session 53). When it got there says whether someone else just did it.
    /// </summary>
    private async Task<string> NotMovableAsync(int orderId, OrderStatus status, OrderStatus to, CancellationToken ct)
    {
        var since = await db.OrderStatusChanges.Where(c => c.OrderId == orderId && c.Status == status).MaxAsync(c => (DateTime?)c.At, ct);
        var when = since is { } at ? $" (since {at.ToString("d MMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC)" : "";
        if (status == to) return $"Order #{orderId} is already {Word(status)}{when}; nothing changed.";
        if (to is OrderStatus.Delivered && status is OrderStatus.Placed or OrderStatus.Paid) return $"Order #{orderId} has not shipped yet: mark it shipped first; nothing changed.";
        return $"Order #{orderId} is {Word(status)}{when}, so it can no longer be {Word(to)}; nothing changed.";
    }

    private static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
