using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Catalog;

/// <summary>The tile table: two slots per id, so products that share a slot must never show each other's tile, and two busy ones sharing one both stay.</summary>
public sealed class ProductCardsTests(StoreFactory factory) : IClassFixture<StoreFactory>
{
    [Fact]
    public async Task Products_sharing_a_slot_each_get_their_own_tile_in_the_order_asked()
    {
        // Three slots: ids 10, 13 and 16 all land in slot 1, and take it from one another on every load.
        var cards = new ProductCards(factory.Services.GetRequiredService<CatalogVersion>(), factory.Services.GetRequiredService<ProductFacts>(),
            Options.Create(new SearchOptions { CardEntries = 3 }));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var names = await db.Products.Where(p => p.Id == 10 || p.Id == 13 || p.Id == 16 || p.Id == 11).ToDictionaryAsync(p => p.Id, p => p.Name);

        int[][] loads = [[10, 13, 16], [16, 10], [13], [11, 13, 10, 16], [10, 13, 16]];
        foreach (var ids in loads)
        {
            var loaded = await cards.LoadAsync(db, ids);
            Assert.Equal(ids, loaded.Select(c => c.Id));
            Assert.Equal(ids.Select(id => names[id]), loaded.Select(c => c.Name));
        }
    }

    [Fact]
    public async Task Two_products_that_share_their_first_slot_are_both_remembered_and_shown_without_reading_again()
    {
        const int slots = 7;
        var cards = new ProductCards(factory.Services.GetRequiredService<CatalogVersion>(), factory.Services.GetRequiredService<ProductFacts>(),
            Options.Create(new SearchOptions { CardEntries = slots }));
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var ids = await db.Products.Where(p => p.IsActive).OrderBy(p => p.Id).Select(p => p.Id).Take(40).ToListAsync();
        static int Second(int id) => (int)((uint)id * 2654435761u % slots);
        // Two products whose first slot (id % 7) is the same and whose second is not: one table-mate each way.
        var (a, b) = (from x in ids from y in ids where x < y && x % slots == y % slots && Second(x) != Second(y) && Second(x) != x % slots && Second(y) != y % slots select (x, y)).First();

        await cards.LoadAsync(db, [a]);
        await cards.LoadAsync(db, [b]);
        var reads = cards.Reads;
        // One page showing a, the next b, and so on: with one slot each took it from the other every time.
        for (var i = 0; i < 6; i++) Assert.Equal(i % 2 == 0 ? a : b, Assert.Single(await cards.LoadAsync(db, [i % 2 == 0 ? a : b])).Id);
        Assert.Equal(reads, cards.Reads);
    }

    [Fact]
    public async Task A_remembered_tile_shows_an_edit_and_current_price_and_an_id_that_is_gone_is_left_out()
    {
        var cards = factory.Services.GetRequiredService<ProductCards>();
        int id;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            id = await db.Products.OrderBy(p => p.Id).Skip(40).Select(p => p.Id).FirstAsync();
            Assert.Single(await cards.LoadAsync(db, [id]));   // now remembered

            var product = await db.Products.SingleAsync(p => p.Id == id);
            product.Name = "Renamed Teapot";
            product.PriceCents = 1_234;
            await db.SaveChangesAsync();
        }

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var card = Assert.Single(await cards.LoadAsync(db, [id, int.MaxValue]));
            Assert.Equal("Renamed Teapot", card.Name);
            Assert.Equal(1_234, card.PriceCents);
        }
    }
}
