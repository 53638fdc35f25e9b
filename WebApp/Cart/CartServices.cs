using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WebApp.Cart;

public static class CartServices
{
    public static WebApplicationBuilder AddStoreCart(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<CartService>();
        return builder;
    }
}
