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
