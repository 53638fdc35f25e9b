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
        Assert.Equal((2, 1, 3, ProductDraft.MaxPriceCents, 4, ProductFact.Score(4.5, 7), 7), (fact.CategoryId, fact.DepartmentId, fact.BrandId, (long)fact.PriceCents, fact.Stock, fact.RatingScore, fact.RatingCount));
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
    [Fact]
    public void Category_counts_in_a_price_range_follow_every_change_to_prices_and_products()
    {
        // A search-page browse counts every category in the price range from sorted prices kept per category; each
        // change must reach the next count (a stale sorted array would keep the old count until the next load).
        var facts = new ProductFacts();
        var random = new Random(3);
        var products = Enumerable.Range(1, 500).Select(id => Placed(id, 10 + random.Next(5), random.Next(0, 20_000))).ToDictionary(p => p.Id);
        foreach (var p in products.Values) facts.Apply(p);
        AssertCounts();

        Change(7, p => p.PriceCents = 25_000);                  // out of every range but the open one
        Change(8, p => p.CategoryId = p.CategoryId == 10 ? 11 : 10);
        Change(9, p => p.IsActive = false);
        products[501] = Placed(501, 12, 1_000);
        facts.Apply(products[501]);
        facts.Remove(10);
        products[10].IsActive = false;
        Change(11, p => p.PriceCents = 0);
        AssertCounts();

        void Change(int id, Action<Product> edit)
        {
            edit(products[id]);
            facts.Apply(products[id]);
        }

        void AssertCounts()
        {
            foreach (var (min, max) in new (long Min, long Max)[] { (long.MinValue, long.MaxValue), (1_000, 5_000), (0, 0), (5_000, 5_000), (19_999, long.MaxValue), (long.MinValue, 2_500) })
            {
                var counts = new int[20];
                facts.CountPriced(min, max, counts);
                var expected = new int[20];
                foreach (var p in products.Values.Where(p => p.IsActive && p.PriceCents >= min && p.PriceCents <= max)) expected[p.CategoryId]++;
                Assert.Equal(expected, counts);
            }
        }
    }

    [Fact]
    public async Task Counts_taken_while_prices_change_are_never_left_stale()
    {
        // Readers sort a category's prices while a writer changes them: whatever a reader built from prices older
        // than the stamp it kept must be built again, so once the writer stops every count is the true one.
        var facts = new ProductFacts();
        var random = new Random(5);
        var products = Enumerable.Range(1, 2_000).Select(id => Placed(id, 10 + random.Next(5), random.Next(0, 10_000))).ToDictionary(p => p.Id);
        foreach (var p in products.Values) facts.Apply(p);
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            var counts = new int[20];
            while (!stop.IsCancellationRequested) facts.CountPriced(2_000, 6_000, counts);
        })).ToArray();
        for (var change = 0; change < 3_000; change++)
        {
            var product = products[1 + random.Next(products.Count)];
            if (change % 10 == 0) product.CategoryId = 10 + random.Next(5);
            else product.PriceCents = random.Next(0, 10_000);
            facts.Apply(product);
            if (change % 50 == 0) await Task.Yield();
        }
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        var final = new int[20];
        facts.CountPriced(2_000, 6_000, final);
        var expected = new int[20];
        foreach (var p in products.Values.Where(p => p.PriceCents is >= 2_000 and <= 6_000)) expected[p.CategoryId]++;
        Assert.Equal(expected, final);
    }

    [Fact]
    public async Task Browses_count_with_a_pass_until_every_category_is_sorted_in_the_background()
    {
        // Sorting every category's prices at once is ~80 ms at 1M: the first browse after a start must not wait for it.
        var facts = new ProductFacts();
        var random = new Random(9);
        var products = Enumerable.Range(1, 300).Select(id => Placed(id, 10 + random.Next(4), random.Next(0, 10_000))).ToList();
        foreach (var p in products) facts.Apply(p);
        var counts = new int[20];

        Assert.False(facts.TryCountPriced(1_000, 4_000, counts));
        Assert.All(counts, c => Assert.Equal(0, c));
        for (var wait = 0; wait < 500 && !facts.AllPricesSorted; wait++) await Task.Delay(10);
        Assert.True(facts.TryCountPriced(1_000, 4_000, counts));
        var expected = new int[20];
        foreach (var p in products.Where(p => p.PriceCents is >= 1_000 and <= 4_000)) expected[p.CategoryId]++;
        Assert.Equal(expected, counts);
    }

    private static Product Placed(int id, int category, long priceCents)
    {
        var product = Make(id, priceCents, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(id));
        product.CategoryId = category;
        product.IsActive = true;
        return product;
    }
}
