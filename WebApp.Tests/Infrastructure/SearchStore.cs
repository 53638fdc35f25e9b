using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Tests.Infrastructure;

/// <summary>The seeded store plus a few products with known words, added through EF as the admin pages will add them.</summary>
public sealed class SearchStore : StoreFactory, IAsyncLifetime
{
    public Dictionary<string, int> Known { get; } = [];

    public async Task InitializeAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var lighting = await db.Categories.SingleAsync(c => c.Slug == "lighting");
        var brand = await db.Brands.OrderBy(b => b.Id).FirstAsync();
        var products = new (string Key, string Name, string Description, long Price, int Stock)[]
        {
            ("aurora", "Zephyrine Aurora Lamp", "A warm lamp for reading corners.", 4_999, 12),
            ("reading", "Plain Reading Lamp", "Inspired by the zephyrine style of light.", 2_999, 30),
            ("harbour", "Blue Harbour Lamp", "Glazed ceramic base.", 7_999, 4),
            ("vase", "Harbour Blue Vase", "A vase, not a lamp.", 3_499, 0),
            ("crystal", "Zephyrine Crystal Vase", "Cut crystal.", 12_999, 8),
            ("cafe", "Café Crème Mug", "Stoneware mug.", 1_299, 50),
        };
        var now = DateTime.UtcNow;
        var i = 0;
        foreach (var (key, name, description, price, stock) in products)
        {
            var product = new Product
            {
                Sku = $"TS-{++i:D8}", Name = name, Slug = Slug.From(name), Description = description, PriceCents = price, Stock = stock,
                RatingAverage = 4.5, RatingCount = 10, CreatedAt = now, UpdatedAt = now,
                BrandId = brand.Id, CategoryId = lighting.Id, DepartmentId = lighting.ParentId!.Value,
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            Known[key] = product.Id;
        }
        // The spelling vocabulary takes in the new words in the background, and when it does it bumps the catalogue
        // version, which every cached answer is keyed by: a test that counts cache hits failed when that happened between
        // two of its requests (CI, session 42). Taken in here, before any test runs.
        await Services.GetRequiredService<WebApp.Search.SpellingVocabulary>().CatchUpAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
