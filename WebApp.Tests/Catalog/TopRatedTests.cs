using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Catalog;

/// <summary>
/// "Top rated" weighs an average by how many gave it: a product's one 5-star review does not put it above one that 81
/// shoppers rate 4.7, and unrated products come after rated ones. The category page, the search page and the API
/// share the order.
/// </summary>
public sealed class TopRatedTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    [Fact]
    public void The_score_pulls_few_reviews_toward_the_middle_and_puts_unrated_products_last()
    {
        static int Score(double average, int count) => ProductFact.Score(average, count);

        Assert.Equal(3_333, Score(5, 1));
        Assert.Equal(4_601, Score(4.7, 81));
        Assert.True(Score(4.7, 81) > Score(5, 1));
        Assert.True(Score(5, 40) > Score(4.7, 81));   // many reviews and a better average still win
        Assert.True(Score(1, 30) > Score(0, 0));      // rated at all comes first
        Assert.Equal(0, Score(0, 0));
        Assert.Equal(5_000, Score(5, int.MaxValue / 2));
    }

    [Fact]
    public async Task A_category_page_the_search_page_and_the_api_rank_by_the_weighted_rating()
    {
        // Lighting's products made to rate low, then five given known ratings: the order they must come in.
        int[] expected;
        int last;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var lighting = await db.Categories.SingleAsync(c => c.Slug == "lighting");
            var ids = await db.Products.Where(p => p.IsActive && p.CategoryId == lighting.Id).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
            Assert.True(ids.Count > 8, "lighting has too few products for this test");
            await db.Products.Where(p => p.CategoryId == lighting.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.RatingAverage, 1.0).SetProperty(p => p.RatingCount, 3));
            (double Average, int Count)[] ratings = [(5.0, 1), (4.7, 81), (0, 0), (2.0, 20), (4.0, 200)];
            for (var i = 0; i < ratings.Length; i++)
            {
                var (average, count) = ratings[i];
                await db.Products.Where(p => p.Id == ids[i]).ExecuteUpdateAsync(s => s.SetProperty(p => p.RatingAverage, average).SetProperty(p => p.RatingCount, count));
            }
            await scope.ServiceProvider.GetRequiredService<ICatalogChanges>().PublishAsync(CatalogChange.Products(ids));
            // 4.7 from 81 scores 4.601, 4.0 from 200 3.976, 5.0 from 1 3.333; the rest (1.0 from 3) 2.25, and 2.0 from 20
            // 2.2; the unrated one is last of all. By the plain average the single 5-star review led.
            expected = [ids[1], ids[4], ids[0]];
            last = ids[2];
        }

        var client = store.CreateClient();
        var category = Html.ProductIds(await client.GetDocumentAsync("/categories/lighting?sort=rating"));
        Assert.Equal(expected, category.Take(3));

        var byDefault = await client.GetDocumentAsync("/categories/lighting");   // top rated is a listing's default
        Assert.Equal(expected, Html.ProductIds(byDefault).Take(3));
        Assert.Equal(expected, Html.ProductIds(await client.GetDocumentAsync("/search?category=lighting&sort=rating")).Take(3));

        using var api = await client.GetAsync("/api/v1/products?category=lighting&sort=rating&pageSize=100");
        api.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        var listed = json.RootElement.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(expected, listed.Take(3));
        Assert.Equal(last, listed[^1]);   // the whole category fits one page: the unrated product ends it
    }
}
