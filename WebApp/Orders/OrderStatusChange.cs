namespace WebApp.Orders;

public sealed class OrderStatusChange
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public OrderStatus Status { get; set; }
    public DateTime At { get; set; }
    public required string Note { get; set; }
}
