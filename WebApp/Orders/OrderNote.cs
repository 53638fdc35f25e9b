namespace WebApp.Orders;

/// <summary>An internal note on an order, written by an admin; customers never see it.</summary>
public sealed class OrderNote
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public DateTime At { get; set; }
    public required string AuthorId { get; set; }
    public required string AuthorEmail { get; set; }
    public required string Text { get; set; }
}
