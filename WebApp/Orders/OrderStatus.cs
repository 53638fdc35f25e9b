namespace WebApp.Orders;

public enum OrderStatus
{
    Placed,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

/// <summary>The order life cycle: the only place that says which status may follow which.</summary>
public static class OrderStatusRules
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> s_next = new()
    {
        // Pay on delivery ships straight from Placed; card orders are Paid first.
        [OrderStatus.Placed] = [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.Shipped] = [OrderStatus.Delivered],
        [OrderStatus.Delivered] = [],
        [OrderStatus.Cancelled] = [],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => s_next[from].Contains(to);

    /// <summary>Shipping from Placed is for orders paid on delivery; a card order ships once it is Paid.</summary>
    public static bool CanShip(OrderStatus status, bool paysOnDelivery) =>
        CanMove(status, OrderStatus.Shipped) && (status != OrderStatus.Placed || paysOnDelivery);

    /// <summary>
    /// A customer may cancel on their own only before anything was charged or shipped: an order paid on delivery while
    /// it is Placed. A card order is Placed only while its payment is being taken (or, after a crash, until staff check
    /// it): cancelled then, it kept the charge the gateway went on to make (an outside review, session 45).
    /// </summary>
    public static bool CustomerCanCancel(OrderStatus status, bool paysOnDelivery) => status == OrderStatus.Placed && paysOnDelivery;

    public static string BadgeClass(OrderStatus status) => status switch
    {
        OrderStatus.Placed => "text-bg-secondary",
        OrderStatus.Paid => "text-bg-primary",
        OrderStatus.Shipped => "text-bg-info",
        OrderStatus.Delivered => "text-bg-success",
        _ => "text-bg-dark",
    };
}
