namespace WebApp.Cart;

/// <summary>One product and quantity in a cart.</summary>
public sealed class CartLine
{
    public int Id { get; set; }
    public required string CartId { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }

    /// <summary>The price when the line was added, so the cart can say when it changed since.</summary>
    public long PriceCentsWhenAdded { get; set; }
    public DateTime AddedAt { get; set; }
}
