namespace WebApp.Orders;

public static class OrderServices
{
    public static WebApplicationBuilder AddStoreOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Inventory>();
        builder.Services.AddScoped<OrderWorkflow>();
        return builder;
    }
}
