namespace WebApp.Bench;

/// <summary>The kinds of request a shopper makes, each reported on its own line.</summary>
public enum Endpoint
{
    Healthz,
    Home,
    Department,
    Category,
    Search,
    Product,
    AddToCart,
    Cart,
}
