namespace WebApp.Cart;

/// <summary>The cart as the shopper sees it: its lines joined with the products as they are now.</summary>
public sealed record CartView(IReadOnlyList<CartItem> Items)
{
    public int Count => Items.Sum(i => i.Quantity);
    public long SubtotalCents => Items.Sum(i => i.LineTotalCents);
    public bool CanCheckOut => Items.Count > 0 && Items.All(i => i.Problem is null);
    public static CartView Empty { get; } = new([]);
}
