namespace WebApp.Cart;

public static class CartServices
{
    public static WebApplicationBuilder AddStoreCart(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CartService>();
        builder.Services.AddSingleton<CartCounts>();
        return builder;
    }
}
