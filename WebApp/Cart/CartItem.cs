namespace WebApp.Cart;

/// <summary>One line of the cart as the shopper sees it: the line joined with the product as it is now.</summary>
public sealed record CartItem(int ProductId, string Name, string Slug, string Sku, int Quantity, long PriceCents, long PriceCentsWhenAdded, int Stock, bool IsActive,
    DateTime UpdatedAt = default, string? PhotoFile = null)
{
    public string Url => WebApp.Catalog.Product.UrlFor(ProductId, Slug);
    public string ImageUrl => WebApp.Catalog.ProductCard.ImageUrlFor(ProductId, UpdatedAt, PhotoFile);
    public long LineTotalCents => PriceCents * Quantity;
    public bool PriceChanged => PriceCents != PriceCentsWhenAdded;

    /// <summary>Why this line cannot be bought as it stands, or null.</summary>
    public string? Problem => !IsActive ? "This product is no longer sold; remove it to check out."
        : Stock <= 0 ? "Sold out; remove it to check out."
        : Quantity > Stock ? $"Only {Stock} left in stock; lower the quantity to check out."
        : null;
}
