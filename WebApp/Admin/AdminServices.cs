namespace WebApp.Admin;

public static class AdminServices
{
    public static WebApplicationBuilder AddStoreAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AdminAudit>();
        builder.Services.AddScoped<UserAdministration>();
        builder.Services.AddScoped<ProductImport>();
        builder.Services.AddScoped<SalesFigures>();
        builder.Services.AddSingleton<SalesLedger>();
        builder.Services.AddSingleton<ProductImports>();
        return builder;
    }
}
