using WebApp.Cart;

namespace WebApp.Tests.CartDetails;

/// <summary>The remembered anonymous cart counts: a count read across a change is never kept.</summary>
public sealed class CartCountsTests
{
    [Fact]
    public async Task A_count_is_read_once_and_then_remembered_until_the_cart_changes()
    {
        using var counts = new CartCounts();
        var reads = 0;
        Task<int> Read() { reads++; return Task.FromResult(3); }

        Assert.Equal(3, await counts.CountAsync("cart-a", Read));
        Assert.Equal(3, await counts.CountAsync("cart-a", Read));
        Assert.Equal(1, reads);

        counts.Forget("cart-a");
        Assert.Equal(3, await counts.CountAsync("cart-a", Read));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task A_count_read_while_a_change_commits_is_shown_once_and_not_kept()
    {
        using var counts = new CartCounts();
        var inDatabase = 1;
        // The read sees the old count; the change commits and forgets the cart before the read returns.
        var stale = await counts.CountAsync("cart-b", () =>
        {
            var seen = inDatabase;
            inDatabase = 2;
            counts.Forget("cart-b");
            return Task.FromResult(seen);
        });

        Assert.Equal(1, stale);
        Assert.Equal(2, await counts.CountAsync("cart-b", () => Task.FromResult(inDatabase)));
    }

    [Fact]
    public async Task Concurrent_reads_and_changes_always_end_on_the_databases_count()
    {
        using var counts = new CartCounts();
        var inDatabase = 0;
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 2_000; i++) await counts.CountAsync("cart-c", async () => { var seen = Volatile.Read(ref inDatabase); await Task.Yield(); return seen; });
        }));
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                Interlocked.Increment(ref inDatabase);
                counts.Forget("cart-c");
            }
        });
        await Task.WhenAll([.. readers, writer]);

        Assert.Equal(Volatile.Read(ref inDatabase), await counts.CountAsync("cart-c", () => Task.FromResult(Volatile.Read(ref inDatabase))));
    }
}
