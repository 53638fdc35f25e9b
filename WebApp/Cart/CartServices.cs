namespace WebApp.Cart;

public static class CartServices
{
    public static WebApplicationBuilder AddStoreCart(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CartService>();
        return builder;
    }
}
