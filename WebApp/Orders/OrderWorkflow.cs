using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Orders;

/// <summary>
/// Moves an order from one status to the next, following <see cref="OrderStatusRules"/>, and records the change.
/// Cancelling puts the stock back in the same transaction; the status update is conditional on the status read, so
/// two cancels racing (a double click, two tabs, an admin and the customer) restock once.
/// </summary>
public sealed class OrderWorkflow(StoreDbContext db, Inventory inventory, TimeProvider clock, ILogger<OrderWorkflow> logger)
{
    /// <param name="ownerId">When a customer acts: the order must be theirs. Null for staff.</param>
    /// <returns>Null when done, otherwise why not.</returns>
    public async Task<string?> MoveAsync(int orderId, OrderStatus to, string note, string? ownerId, CancellationToken ct = default)
    {
        List<(int ProductId, int Quantity)> lines;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId && (ownerId == null || o.UserId == ownerId))
                .Select(o => new { o.Status }).FirstOrDefaultAsync(ct);
            if (order is null) return "That order does not exist.";
            if (!OrderStatusRules.CanMove(order.Status, to)) return $"An order that is {order.Status.ToString().ToLowerInvariant()} cannot become {to.ToString().ToLowerInvariant()}.";
            if (ownerId is not null && to == OrderStatus.Cancelled && !OrderStatusRules.CustomerCanCancel(order.Status)) return "This order can no longer be cancelled online.";

            var from = order.Status;
            var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == from).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, to), ct);
            if (moved == 0) return "The order changed meanwhile; reload to see its status.";
            db.OrderStatusChanges.Add(new OrderStatusChange { OrderId = orderId, Status = to, At = clock.GetUtcNow().UtcDateTime, Note = note });
            await db.SaveChangesAsync(ct);

            lines = to == OrderStatus.Cancelled
                ? await db.OrderLines.Where(l => l.OrderId == orderId).Select(l => new ValueTuple<int, int>(l.ProductId, l.Quantity)).ToListAsync(ct)
                : [];
            await inventory.PutBackAsync(lines, ct);
            await tx.CommitAsync(ct);
        }
        await inventory.PublishAsync([.. lines.Select(l => l.ProductId)], ct);
        logger.LogInformation("Order {OrderId} moved to {Status} ({Actor})", orderId, to, ownerId is null ? "staff" : "customer");
        return null;
    }
}
