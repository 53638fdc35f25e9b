namespace WebApp.Cart;

/// <summary>
/// A shopper's cart. Anonymous carts are found by <see cref="Id"/> (a random value in an HttpOnly cookie), signed-in
/// carts by <see cref="UserId"/>; signing in merges the first into the second.
/// </summary>
public sealed class ShoppingCart
{
    public required string Id { get; set; }
    public string? UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CartLine> Lines { get; set; } = [];
}

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
