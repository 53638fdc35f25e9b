using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Cart;
using WebApp.Checkout;
using WebApp.Data;

namespace WebApp.Orders;

public sealed record ShippingAddress(string FullName, string AddressLine1, string? AddressLine2, string City, string PostalCode, string Country, string Phone);

/// <summary>Everything the checkout form decided, after validation. Prices are not here: they are read at placing time.</summary>
public sealed record OrderRequest(string UserId, string Email, string IdempotencyKey, ShippingAddress Address, ShippingRate Shipping,
    IPaymentGateway Gateway, CardDetails? Card, long QuotedSubtotalCents);

/// <summary>Totals computed from current prices: what the checkout shows and what the order records.</summary>
public sealed record Quote(CartView Cart, ShippingRate Shipping, long SubtotalCents, long ShippingCents, long TaxCents)
{
    public long TotalCents => SubtotalCents + ShippingCents + TaxCents;

    public static Quote For(CartView cart, ShippingRate shipping, CheckoutOptions options) =>
        new(cart, shipping, cart.SubtotalCents, shipping.PriceCents, options.TaxOn(cart.SubtotalCents));
}

public abstract record PlaceOrderResult
{
    /// <param name="Repeat">The form had already placed this order (double click, resubmit, second tab).</param>
    public sealed record Placed(int OrderId, bool Repeat) : PlaceOrderResult;
    public sealed record EmptyCart : PlaceOrderResult;
    public sealed record OutOfStock(IReadOnlyList<ShortLine> Lines) : PlaceOrderResult;
    public sealed record PricesChanged : PlaceOrderResult;
    public sealed record Declined(string Message) : PlaceOrderResult;

    /// <summary>The form's one-time key is not this shopper's to use (it was altered): start a fresh form.</summary>
    public sealed record FormExpired : PlaceOrderResult;
}

/// <summary>
/// Turns the signed-in shopper's cart into an order. Stock is reserved and the order written in one short immediate
/// transaction; the payment is taken after it commits (a gateway call must never hold the database's write lock), and
/// a declined payment undoes the order and the stock in a second transaction. A crash between the two leaves a Placed,
/// unpaid order with its stock reserved, never money taken without an order.
/// </summary>
public sealed class PlaceOrder(StoreDbContext db, CartService carts, Inventory inventory, IOptions<CheckoutOptions> options, TimeProvider clock, ILogger<PlaceOrder> logger)
{
    public async Task<PlaceOrderResult> PlaceAsync(OrderRequest request, CancellationToken ct = default)
    {
        if (await ExistingAsync(request, ct) is { } existing) return new PlaceOrderResult.Placed(existing, Repeat: true);

        Order order;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Inside the write lock: a second submit of the same form waits here, then finds the first one's order.
            if (await ExistingAsync(request, ct) is { } placed) return new PlaceOrderResult.Placed(placed, Repeat: true);

            var cart = await carts.LoadForUserAsync(request.UserId, ct);
            if (cart.Items.Count == 0) return new PlaceOrderResult.EmptyCart();
            var quote = Quote.For(cart, request.Shipping, options.Value);
            // The shopper agreed to the subtotal the page showed; if a price moved since, they see the new one first.
            if (quote.SubtotalCents != request.QuotedSubtotalCents) return new PlaceOrderResult.PricesChanged();

            var shortLines = await inventory.TakeAsync(cart.Items.Select(i => (i.ProductId, i.Name, i.Quantity)), ct);
            if (shortLines.Count > 0)
            {
                await tx.RollbackAsync(ct);
                return new PlaceOrderResult.OutOfStock(shortLines);
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var a = request.Address;
            order = new Order
            {
                UserId = request.UserId, Email = request.Email, IdempotencyKey = request.IdempotencyKey, Status = OrderStatus.Placed, PlacedAt = now,
                FullName = a.FullName, AddressLine1 = a.AddressLine1, AddressLine2 = a.AddressLine2, City = a.City, PostalCode = a.PostalCode,
                Country = a.Country, Phone = a.Phone, ShippingMethod = request.Shipping.Name, PaymentMethod = request.Gateway.DisplayName,
                SubtotalCents = quote.SubtotalCents, ShippingCents = quote.ShippingCents, TaxCents = quote.TaxCents, TotalCents = quote.TotalCents,
                Lines = [.. cart.Items.Select(i => new OrderLine { ProductId = i.ProductId, Sku = i.Sku, Name = i.Name, UnitPriceCents = i.PriceCents, Quantity = i.Quantity })],
                History = [new OrderStatusChange { Status = OrderStatus.Placed, At = now, Note = "Order placed" }],
            };
            db.Orders.Add(order);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
            {
                // SQLITE_CONSTRAINT_UNIQUE on the idempotency key, which belongs to someone else's order.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return new PlaceOrderResult.FormExpired();
            }
            await tx.CommitAsync(ct);
        }
        var productIds = order.Lines.Select(l => l.ProductId).ToList();
        await inventory.PublishAsync(productIds, ct);

        var payment = await request.Gateway.ChargeAsync(new PaymentRequest(order.Id, request.IdempotencyKey, order.TotalCents, options.Value.Currency, request.Card), ct);
        if (!payment.Approved)
        {
            await UndoAsync(order, ct);
            await inventory.PublishAsync(productIds, ct);
            logger.LogInformation("Payment declined for order {OrderId}; order withdrawn and stock restored", order.Id);
            return new PlaceOrderResult.Declined(payment.DeclineMessage ?? "The payment was declined.");
        }

        // Conditional on Placed: nothing else may have moved the order while the gateway answered, but if it did, its
        // status stands (and the payment reference is still recorded for staff).
        var status = payment.Captured ? OrderStatus.Paid : OrderStatus.Placed;
        db.ChangeTracker.Clear();
        await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.PaymentReference, payment.Reference)
            .SetProperty(o => o.PaymentSummary, payment.Summary), ct);
        var paid = payment.Captured && await db.Orders.Where(o => o.Id == order.Id && o.Status == OrderStatus.Placed)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, status), ct) == 1;
        if (paid)
        {
            db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = order.Id, Status = OrderStatus.Paid, At = clock.GetUtcNow().UtcDateTime, Note = $"Payment received ({payment.Summary})" });
            await db.SaveChangesAsync(ct);
        }
        await carts.ClearAsync(request.UserId, ct);
        logger.LogInformation("Order {OrderId} placed by {UserId}: {TotalCents} cents, {Status}", order.Id, request.UserId, order.TotalCents, paid ? OrderStatus.Paid : OrderStatus.Placed);
        return new PlaceOrderResult.Placed(order.Id, Repeat: false);
    }

    private Task<int?> ExistingAsync(OrderRequest request, CancellationToken ct) =>
        db.Orders.Where(o => o.IdempotencyKey == request.IdempotencyKey && o.UserId == request.UserId).Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);

    private async Task UndoAsync(Order order, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await inventory.PutBackAsync(order.Lines.Select(l => (l.ProductId, l.Quantity)), ct);
        await db.Orders.Where(o => o.Id == order.Id).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }
}
