namespace WebApp.Cart;

/// <summary>
/// A shopper's cart. Anonymous carts are found by <see cref="Id"/> (a random value in an HttpOnly cookie), signed-in
/// carts by <see cref="UserId"/>; signing in merges the first into the second.
/// </summary>
public sealed class ShoppingCart
{
    public required string Id { get; set; }
    public string? UserId { get; set; }

    /// <summary>
    /// Set when a sign-in merged this anonymous cart into that account's: the cart is then empty and no cookie finds it,
    /// but lines a declined payment puts back still reach the shopper (<see cref="CartService.PutBackAsync"/>). Without
    /// it, signing in while a guest's card was being declined lost the cart (an outside review, session 45).
    /// </summary>
    public string? MergedIntoUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CartLine> Lines { get; set; } = [];
}
