using System.Runtime.CompilerServices;
using WebApp.Catalog;
using WebApp.Search;

namespace WebApp.Tests.Search;

/// <summary>A product's facts are 32 bytes; what does not fit is held at the edge, and "newest" still orders by creation.</summary>
public sealed class ProductFactTests
{
    private static Product Make(int id, long priceCents, DateTime created) => new()
    {
        Id = id, Sku = $"T-{id}", Name = "Test", Slug = "test", Description = "", PriceCents = priceCents, CreatedAt = created,
        CategoryId = 2, DepartmentId = 1, BrandId = 3, Stock = 4, RatingAverage = 4.5, RatingCount = 7,
    };

    [Fact]
    public void A_fact_is_32_bytes_and_keeps_each_value()
    {
        // The memory figure the README gives (32 MB at 1M) and the scan's reads per candidate rest on this.
        Assert.Equal(32, Unsafe.SizeOf<ProductFact>());
        var created = new DateTime(2026, 11, 30, 12, 34, 56, 789, DateTimeKind.Utc);
        var fact = ProductFact.Of(Make(9, ProductDraft.MaxPriceCents, created));
        Assert.Equal((2, 1, 3, ProductDraft.MaxPriceCents, 4, 4.5f, 7), (fact.CategoryId, fact.DepartmentId, fact.BrandId, (long)fact.PriceCents, fact.Stock, fact.Rating, fact.RatingCount));
        Assert.Equal((uint)new DateTimeOffset(created).ToUnixTimeSeconds(), fact.CreatedSeconds);
    }

    [Fact]
    public void Values_written_around_the_store_are_held_at_the_edge_not_wrapped()
    {
        // A price past int (only a hand-edited database) sorts as the dearest rather than wrapping negative, and a date
        // before 1970 as the oldest.
        var fact = ProductFact.Of(Make(1, 5_000_000_000, new DateTime(1960, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(int.MaxValue, fact.PriceCents);
        Assert.Equal(0u, fact.CreatedSeconds);
        Assert.Equal(0, ProductFact.Price(-5));
    }

    [Fact]
    public void Newest_orders_by_creation_second_then_by_the_newer_id()
    {
        var noon = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var products = new[]
        {
            Make(1, 100, noon.AddSeconds(5)),
            Make(2, 100, noon.AddMilliseconds(900)),   // the same second as 3: the newer id first
            Make(3, 100, noon.AddMilliseconds(100)),
            Make(4, 100, noon.AddSeconds(-1)),
        };
        var order = products.Select(p => RankKey.For(RankOrder.Newest, p.Id, ProductFact.Of(p), null, 0)).Order().Select(k => k.Id);
        Assert.Equal([1, 3, 2, 4], order);
    }
}
