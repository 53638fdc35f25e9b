namespace WebApp.Checkout;

public sealed class Country
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
