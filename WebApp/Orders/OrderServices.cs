namespace WebApp.Orders;

public static class OrderServices
{
    public static WebApplicationBuilder AddStoreOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Inventory>();
        builder.Services.AddScoped<WebApp.Catalog.BackInStockMails>();
        builder.Services.AddScoped<OrderWorkflow>();
        builder.Services.AddSingleton<OrderLinks>();
        builder.Services.AddScoped<GuestOrderClaims>();
        return builder;
    }
}
