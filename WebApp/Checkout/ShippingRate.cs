namespace WebApp.Checkout;

public sealed class ShippingRate
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public long PriceCents { get; set; }
    public string Delivery { get; set; } = "";
}
