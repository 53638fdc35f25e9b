namespace WebApp.Cart;

/// <summary>The cart as the shopper sees it: its lines joined with the products as they are now.</summary>
public sealed record CartView(IReadOnlyList<CartItem> Items)
{
    public int Count => Items.Sum(i => i.Quantity);
    public long SubtotalCents => Items.Sum(i => i.LineTotalCents);

    /// <summary>
    /// The lines as a short fingerprint: what a checkout page or an app showed, so an order of other lines at the same
    /// subtotal, changed from a second tab or device, is not placed unseen (outside reviews, sessions 48 and 49). Two
    /// halves: the products and quantities (<see cref="SameLines"/>), then each line's price, so two prices moved so
    /// that the subtotal stays the same are caught too (the first key held no prices; session 49's second review).
    /// </summary>
    public string LinesKey => linesKey ??= KeyOf([.. Items.OrderBy(i => i.ProductId)]);

    // Worked out once: an order naming its lines asks for the key twice (the lines, then the prices).
    private string? linesKey;

    /// <summary>True when <paramref name="key"/> names this cart's products and quantities, whatever their prices.</summary>
    public bool SameLines(string key) => key.Length == 16 && LinesKey.AsSpan(0, 8).SequenceEqual(key.AsSpan(0, 8));

    private static string KeyOf(List<CartItem> lines) =>
        Half(lines.Select(i => $"{i.ProductId}x{i.Quantity}")) + Half(lines.Select(i => $"{i.ProductId}@{i.PriceCents}"));

    private static string Half(IEnumerable<string> parts) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
        System.Text.Encoding.UTF8.GetBytes(string.Join(',', parts))))[..8];

    public bool CanCheckOut => Items.Count > 0 && Items.All(i => i.Problem is null);
    public static CartView Empty { get; } = new([]);
}
