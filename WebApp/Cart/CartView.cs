namespace WebApp.Cart;

/// <summary>The cart as the shopper sees it: its lines joined with the products as they are now.</summary>
public sealed record CartView(IReadOnlyList<CartItem> Items)
{
    public int Count => Items.Sum(i => i.Quantity);
    public long SubtotalCents => Items.Sum(i => i.LineTotalCents);

    /// <summary>
    /// The lines as a short fingerprint (products and quantities): what a checkout page showed, so an order of other
    /// lines at the same subtotal, changed from a second tab, is not placed unseen (an outside review, session 48).
    /// </summary>
    public string LinesKey => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
        string.Join(',', Items.OrderBy(i => i.ProductId).Select(i => $"{i.ProductId}x{i.Quantity}")))))[..16];
    public bool CanCheckOut => Items.Count > 0 && Items.All(i => i.Problem is null);
    public static CartView Empty { get; } = new([]);
}
