using Microsoft.Extensions.Caching.Memory;

namespace WebApp.Cart;

/// <summary>
/// Anonymous carts' item counts, remembered for the header of every page, shared cached pages included: without it,
/// every page a shopper with a cart views costs a query, which made a cached product page over twice as expensive.
/// <para>
/// Every change to a cart's lines goes through <see cref="CartService"/>, which forgets the cart's count after the
/// change is committed. A count read from the database while a change commits is not kept: writes are numbered, and a
/// count read across a write is dropped (checked again after storing it, so a write between the check and the store
/// still wins). Kept five minutes at most, for 20,000 carts.
/// </para>
/// </summary>
public sealed class CartCounts : IDisposable
{
    private const int MostCarts = 20_000;
    private static readonly TimeSpan s_kept = TimeSpan.FromMinutes(5);

    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = MostCarts, CompactionPercentage = 0.25 });
    private long _writes;

    public async Task<int> CountAsync(string cartId, Func<Task<int>> read)
    {
        if (_counts.TryGetValue(cartId, out int known)) return known;
        var writes = Volatile.Read(ref _writes);
        var count = await read();
        if (Volatile.Read(ref _writes) != writes) return count;
        _counts.Set(cartId, count, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = s_kept });
        // A write that landed between the check and the store: it may have forgotten the cart before this stored it.
        if (Volatile.Read(ref _writes) != writes) _counts.Remove(cartId);
        return count;
    }

    /// <summary>After a committed change to the cart's lines.</summary>
    public void Forget(string cartId)
    {
        Interlocked.Increment(ref _writes);
        _counts.Remove(cartId);
    }

    public void Dispose() => _counts.Dispose();
}
