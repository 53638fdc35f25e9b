namespace WebApp.Orders;

/// <summary>A product as it was sold: name, SKU and price are copied so later catalogue edits never rewrite an order.</summary>
public sealed class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int ProductId { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public long UnitPriceCents { get; set; }
    public int Quantity { get; set; }
    public long LineTotalCents => UnitPriceCents * Quantity;
}
