using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Spelling;

/// <summary>The seeded store plus a few products whose words the spelling tests rely on.</summary>
public sealed class SpellingStore : StoreFactory, IAsyncLifetime
{
    public Dictionary<string, int> Known { get; } = [];

    public async Task InitializeAsync()
    {
        using (var scope = Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var category = await db.Categories.FirstAsync(c => c.ParentId != null);
            var brand = await db.Brands.OrderBy(b => b.Id).FirstAsync();
            // The one product with both words is the least popular and the oldest, so only "more words matched" puts it first.
            var products = new (string Key, string Name, string Description, double Rating, int Reviews)[]
            {
                ("headphones", "Brightwave Wireless Headphones", "Over-ear and foldable.", 1.0, 1),
                ("notebook", "Brightwave Wireless Notebook", "Ruled pages.", 5.0, 900),
                ("pen", "Fountain Pen, Wireless Edition", "Fine nib.", 5.0, 800),
                ("lapton", "Lapton Desk Lamp", "Brass and glass.", 4.0, 10),
                ("marzipan", "Marzipan Teapot", "Porcelain.", 4.0, 10),
            };
            var now = DateTime.UtcNow;
            var i = 0;
            foreach (var (key, name, description, rating, reviews) in products)
            {
                var product = new Product
                {
                    Sku = $"SP-{++i:D8}", Name = name, Slug = Slug.From(name), Description = description, PriceCents = 2_500, Stock = 5,
                    RatingAverage = rating, RatingCount = reviews, CreatedAt = now.AddMinutes(i), UpdatedAt = now,
                    BrandId = brand.Id, CategoryId = category.Id, DepartmentId = category.ParentId!.Value,
                };
                db.Products.Add(product);
                await db.SaveChangesAsync();
                Known[key] = product.Id;
            }
        }
        await Vocabulary.CatchUpAsync();
    }

    public WebApp.Search.SpellingVocabulary Vocabulary => Services.GetRequiredService<WebApp.Search.SpellingVocabulary>();

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
