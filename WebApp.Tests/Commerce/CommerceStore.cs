using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Commerce;

/// <summary>A small store for address, tax and store-page tests, with its own folder of owner pages.</summary>
public class CommerceStore : StoreFactory
{
    protected override int SeedProducts => 80;

    /// <summary>The owner's Markdown folder (Store:PagesDirectory), empty until a test writes a page.</summary>
    public string PagesDirectory { get; } = Directory.CreateTempSubdirectory("webapp-pages-").FullName;

    protected virtual bool PricesIncludeTax => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Store:PagesDirectory", PagesDirectory);
        builder.UseSetting("Store:Name", "Harbour & Pine");
        builder.UseSetting("Store:ContactEmail", "hello@harbour.example");
        builder.UseSetting("Tax:PricesIncludeTax", PricesIncludeTax ? "true" : "false");
    }

    public async Task<Order> OrderAsync(int id)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.AsNoTracking().SingleAsync(o => o.Id == id);
    }

    public async Task<int> OrderCountAsync(string email)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.CountAsync(o => o.Email == email);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(PagesDirectory, recursive: true); } catch (IOException) { }
    }
}
