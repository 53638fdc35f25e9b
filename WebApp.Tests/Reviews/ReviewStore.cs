using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Admin;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

/// <summary>A seeded store (with its demo reviews) and the customers the review tests need.</summary>
public class ReviewStore : StoreFactory
{
    protected override int SeedProducts => 200;

    /// <summary>A signed-in customer with one order of the product in <paramref name="status"/>.</summary>
    public async Task<(HttpClient Client, string Email)> CustomerWithOrderAsync(int productId, OrderStatus status)
    {
        var email = NewEmail("reviewer");
        var client = await SignedInClientAsync(email);
        await AdminOrderData.InsertAsync(this, email, status, DateTime.UtcNow.AddDays(-3), productId: productId);
        return (client, email);
    }

    /// <summary>An active product nobody has reviewed yet (a fresh one for each test).</summary>
    public async Task<int> UnreviewedProductAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var taken = await db.Reviews.Select(r => r.ProductId).Distinct().ToListAsync();
        var id = await db.Products.Where(p => p.IsActive && p.Stock > 5 && !taken.Contains(p.Id) && !_handedOut.Contains(p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        _handedOut.Add(id);
        return id;
    }

    public async Task<(double Average, int Count)> RatingAsync(int productId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var p = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => new { p.RatingAverage, p.RatingCount }).SingleAsync();
        return (p.RatingAverage, p.RatingCount);
    }

    public async Task<List<WebApp.Reviews.Review>> ReviewsOfAsync(int productId)
    {
        using var scope = Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Reviews.AsNoTracking()
            .Where(r => r.ProductId == productId).OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<string> ProductUrlAsync(int productId)
    {
        using var scope = Services.CreateScope();
        var slug = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == productId).Select(p => p.Slug).SingleAsync();
        return WebApp.Catalog.Product.UrlFor(productId, slug);
    }

    private readonly HashSet<int> _handedOut = [];
}
