using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Cart;

/// <summary>
/// Carts by owner. Quantities are checked here (1 to 99, and stock) for every path that changes a line. Who the owner
/// is (cookie or signed-in user) is <see cref="Accounts.CurrentShopper"/>'s business, not this class's.
/// </summary>
public sealed class CartService(StoreDbContext db, TimeProvider clock, IDataProtectionProvider protection, CartCounts counts)
{
    /// <summary>How long "Removed X. Undo" can put the line back.</summary>
    public static readonly TimeSpan UndoLifetime = TimeSpan.FromMinutes(30);

    public const int MaxQuantity = 99;
    public static readonly TimeSpan AnonymousLifetime = TimeSpan.FromDays(30);

    /// <summary>Length of a cart id: 32 random bytes in Base64Url.</summary>
    public const int IdLength = 43;

    /// <summary>
    /// The cart id for this owner, without creating anything. An anonymous id only ever names a cart with no owner:
    /// an account's cart id presented as a cookie finds nothing.
    /// </summary>
    private async Task<string?> FindCartIdAsync(CartOwner owner, CancellationToken ct)
    {
        if (owner.UserId is { } userId)
        {
            return await db.Carts.Where(c => c.UserId == userId).Select(c => c.Id).FirstOrDefaultAsync(ct);
        }
        if (owner.AnonymousCartId is not { } id) return null;
        return await db.Carts.AnyAsync(c => c.Id == id && c.UserId == null && c.MergedIntoUserId == null, ct) ? id : null;
    }

    private async Task<string> EnsureCartIdAsync(CartOwner owner, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (owner.UserId is { } userId)
        {
            return await EnsureAccountCartAsync(userId, now, ct);
        }
        var id = owner.AnonymousCartId ?? NewId();
        // An id that names an account's cart, or a cart merged into one, is never touched through a cookie: it gets a
        // cart of its own instead.
        var touched = await db.Database.ExecuteSqlAsync($"INSERT INTO Carts (Id, UserId, CreatedAt, UpdatedAt) VALUES ({id}, NULL, {now}, {now}) ON CONFLICT (Id) DO UPDATE SET UpdatedAt = excluded.UpdatedAt WHERE Carts.UserId IS NULL AND Carts.MergedIntoUserId IS NULL", ct);
        if (touched == 0)
        {
            id = NewId();
            await db.Database.ExecuteSqlAsync($"INSERT INTO Carts (Id, UserId, CreatedAt, UpdatedAt) VALUES ({id}, NULL, {now}, {now})", ct);
        }
        return id;
    }

    /// <summary>
    /// The account's cart id, creating the cart if needed. Two tabs (or a sign-in and an add) racing: the unique index
    /// on UserId keeps one cart, and both use it.
    /// </summary>
    private async Task<string> EnsureAccountCartAsync(string userId, DateTime now, CancellationToken ct)
    {
        var fresh = NewId();
        await db.Database.ExecuteSqlAsync($"INSERT INTO Carts (Id, UserId, CreatedAt, UpdatedAt) VALUES ({fresh}, {userId}, {now}, {now}) ON CONFLICT (UserId) DO UPDATE SET UpdatedAt = excluded.UpdatedAt", ct);
        return await db.Carts.Where(c => c.UserId == userId).Select(c => c.Id).FirstAsync(ct);
    }

    // An anonymous cart that changed lives 30 days more: the caller renews its cookie with this id.
    private static string? AnonymousIdOf(CartOwner owner, string cartId) => owner.UserId is null ? cartId : null;

    private static string NewId() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The header's count: one query, none for a visitor without a cart cookie.</summary>
    public async Task<int> CountAsync(CartOwner owner, CancellationToken ct = default)
    {
        if (owner.UserId is { } userId)
        {
            return await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId)).SumAsync(l => (int?)l.Quantity, ct) ?? 0;
        }
        if (owner.AnonymousCartId is not { } id) return 0;
        return await counts.CountAsync(id, async () =>
            await db.CartLines.Where(l => l.CartId == id && db.Carts.Any(c => c.Id == id && c.UserId == null && c.MergedIntoUserId == null)).SumAsync(l => (int?)l.Quantity, ct) ?? 0);
    }

    private async Task<int> CountAsync(string cartId, CancellationToken ct) =>
        await db.CartLines.Where(l => l.CartId == cartId).SumAsync(l => (int?)l.Quantity, ct) ?? 0;

    public async Task<CartView> LoadAsync(CartOwner owner, CancellationToken ct = default) =>
        await FindCartIdAsync(owner, ct) is { } cartId ? await LoadAsync(cartId, ct) : CartView.Empty;

    /// <summary>The account's cart, for the checkout (which knows the user, not the cookie).</summary>
    public Task<CartView> LoadForUserAsync(string userId, CancellationToken ct = default) => LoadAsync(CartOwner.Account(userId), ct);

    private async Task<CartView> LoadAsync(string cartId, CancellationToken ct)
    {
        var items = await db.CartLines.AsNoTracking()
            .Where(l => l.CartId == cartId)
            .OrderBy(l => l.AddedAt).ThenBy(l => l.Id)
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) =>
                new CartItem(p.Id, p.Name, p.Slug, p.Sku, l.Quantity, p.PriceCents, l.PriceCentsWhenAdded, p.Stock, p.IsActive, p.UpdatedAt,
                    db.ProductPhotos.Where(ph => ph.ProductId == p.Id && ph.IsPrimary).Select(ph => ph.FileName).FirstOrDefault()))
            .ToListAsync(ct);
        return new CartView(items);
    }

    /// <summary>Adds to the owner's cart; for an anonymous owner the change names the cart (new or renewed) to remember.</summary>
    public async Task<CartChange> AddAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default)
    {
        // What the cart holds is read, checked and added to in one write transaction (SQLite's BEGIN IMMEDIATE): read
        // outside it, ten adds at once ended at 8, and an add beside an order being placed wrote the pre-order quantity
        // plus its own back into the emptied cart (an outside review, session 45).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await Product(productId, ct);
        var current = await FindCartIdAsync(owner, ct) is { } existingCart
            ? await db.CartLines.Where(l => l.CartId == existingCart && l.ProductId == productId).Select(l => (int?)l.Quantity).FirstOrDefaultAsync(ct) ?? 0
            : 0;
        if (quantity is < 1 or > MaxQuantity) return await Refuse(owner, CartProblem.BadQuantity, $"Choose a quantity from 1 to {MaxQuantity}.", ct);
        if (Check(product, current + quantity, current) is { } problem) return await Refuse(owner, problem.Kind, problem.Message, ct);

        var cartId = await EnsureCartIdAsync(owner, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var total = current + quantity;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO CartLines (CartId, ProductId, Quantity, PriceCentsWhenAdded, AddedAt) VALUES ({cartId}, {productId}, {total}, {product!.PriceCents}, {now})
            ON CONFLICT (CartId, ProductId) DO UPDATE SET Quantity = excluded.Quantity
            """, ct);
        var count = await CountAsync(cartId, ct);
        await tx.CommitAsync(ct);
        counts.Forget(cartId);
        return new CartChange(true, $"Added {quantity} × {product.Name} to your cart.", count, AnonymousIdOf(owner, cartId));
    }

    public async Task<CartChange> SetQuantityAsync(CartOwner owner, int productId, int quantity, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(owner, ct) is not { } cartId) return await Refuse(owner, CartProblem.NotInCart, "That product is not in your cart.", ct);
        if (quantity is < 1 or > MaxQuantity) return await Refuse(owner, CartProblem.BadQuantity, $"Choose a quantity from 1 to {MaxQuantity}, or remove the product.", ct);
        // Not in the cart is said first: a product the cart lacks answered "only 2 in stock" (an outside review, session 48).
        if (!await db.CartLines.AnyAsync(l => l.CartId == cartId && l.ProductId == productId, ct)) return await Refuse(owner, CartProblem.NotInCart, "That product is not in your cart.", ct);
        var product = await Product(productId, ct);
        if (Check(product, quantity) is { } problem) return await Refuse(owner, problem.Kind, problem.Message, ct);
        var updated = await db.CartLines.Where(l => l.CartId == cartId && l.ProductId == productId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Quantity, quantity), ct);
        counts.Forget(cartId);
        if (updated == 0) return await Refuse(owner, CartProblem.NotInCart, "That product is not in your cart.", ct);
        await Touch(cartId, ct);
        return new CartChange(true, $"{product!.Name}: quantity is now {quantity}.", await CountAsync(cartId, ct), AnonymousIdOf(owner, cartId));
    }

    public async Task<CartChange> RemoveAsync(CartOwner owner, int productId, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(owner, ct) is not { } cartId) return new CartChange(true, "Removed from your cart.", 0);
        var line = await db.CartLines.AsNoTracking().Where(l => l.CartId == cartId && l.ProductId == productId)
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.Quantity, l.PriceCentsWhenAdded, l.AddedAt, p.Name })
            .FirstOrDefaultAsync(ct);
        await db.CartLines.Where(l => l.CartId == cartId && l.ProductId == productId).ExecuteDeleteAsync(ct);
        counts.Forget(cartId);
        await Touch(cartId, ct);
        var count = await CountAsync(cartId, ct);
        if (line is null) return new CartChange(true, "Removed from your cart.", count, AnonymousIdOf(owner, cartId));
        var token = UndoProtector().Protect(
            new RemovedLine(cartId, productId, line.Quantity, line.PriceCentsWhenAdded, line.AddedAt).ToText(), UndoLifetime);
        return new CartChange(true, $"Removed {line.Name}.", count, AnonymousIdOf(owner, cartId), UndoToken: token);
    }

    /// <summary>
    /// Puts a removed line back as it was (quantity, price when added, place in the cart). The token is signed and
    /// names the cart it came from: only that cart's owner can use it, so nobody can restore into, or read, another
    /// shopper's cart. A line added again meanwhile is left as it is.
    /// </summary>
    public async Task<CartChange> UndoRemoveAsync(CartOwner owner, string? token, CancellationToken ct = default)
    {
        var removed = RemovedLine.Read(token, UndoProtector());
        var cartId = await FindCartIdAsync(owner, ct);
        if (removed is null || cartId is null || !string.Equals(removed.CartId, cartId, StringComparison.Ordinal))
        {
            return await Refuse(owner, CartProblem.NotInCart, "That line can no longer be put back; add the product again from its page.", ct);
        }
        var name = await db.Products.Where(p => p.Id == removed.ProductId).Select(p => p.Name).FirstOrDefaultAsync(ct);
        if (name is null) return await Refuse(owner, CartProblem.NotSold, "That product is not sold here any more.", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO CartLines (CartId, ProductId, Quantity, PriceCentsWhenAdded, AddedAt)
            VALUES ({cartId}, {removed.ProductId}, {removed.Quantity}, {removed.PriceCentsWhenAdded}, {removed.AddedAt})
            ON CONFLICT (CartId, ProductId) DO NOTHING
            """, ct);
        counts.Forget(cartId);
        await Touch(cartId, ct);
        return new CartChange(true, $"Put {removed.Quantity} × {name} back in your cart.", await CountAsync(cartId, ct), AnonymousIdOf(owner, cartId));
    }

    private ITimeLimitedDataProtector UndoProtector() => protection.CreateProtector("WebApp.Cart.UndoRemove.v1").ToTimeLimitedDataProtector();

    /// <summary>
    /// At sign-in: the anonymous cart's lines join the account's cart (quantities added, capped at 99 and by stock),
    /// and the anonymous cart is left empty, marked as merged into the account (<see cref="ShoppingCart.MergedIntoUserId"/>):
    /// no cookie finds it again, and lines a declined payment puts back follow it to the account. Only a cart with no
    /// owner is merged.
    /// </summary>
    /// <returns>The names of products whose two quantities together were more than the cart may hold, so were capped.</returns>
    public async Task<IReadOnlyList<string>> MergeAsync(string anonymousCartId, string userId, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(CartOwner.Anonymous(anonymousCartId), ct) is null) return [];
        // The lines are read inside the write transaction: read before it, a guest order placed from this cart in the
        // meantime left its lines in the account's cart as well (an outside review, session 45).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var incoming = await db.CartLines.AsNoTracking().Where(l => l.CartId == anonymousCartId).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (incoming.Count == 0)
        {
            await MarkMergedAsync(anonymousCartId, userId, now, ct);
            await tx.CommitAsync(ct);
            counts.Forget(anonymousCartId);
            return [];
        }

        var cartId = await EnsureAccountCartAsync(userId, now, ct);
        var ids = incoming.Select(l => l.ProductId).ToList();
        var mine = await db.CartLines.Where(l => l.CartId == cartId && ids.Contains(l.ProductId)).ToDictionaryAsync(l => l.ProductId, ct);
        var products = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Stock, p.Name }, ct);
        var capped = new List<string>();
        foreach (var line in incoming)
        {
            var inStock = products.GetValueOrDefault(line.ProductId)?.Stock ?? 0;
            if (mine.TryGetValue(line.ProductId, out var existing))
            {
                // Capped by stock, but never below what either cart already had (the cart page then says it is short).
                var sum = Math.Min(existing.Quantity + line.Quantity, MaxQuantity);
                var merged = Math.Max(Math.Max(existing.Quantity, line.Quantity), Math.Min(sum, inStock));
                // Said at the sign-in: 99 and 30 became 99 without a word (session 46's review).
                // Which limit, and what the cart now holds: "came to more than the 99 a cart may hold, or than is in
                // stock" left a shopper to work out both (session 52's review).
                if (merged < existing.Quantity + line.Quantity && products.GetValueOrDefault(line.ProductId) is { } product)
                {
                    capped.Add($"{product.Name} (now {merged}: " + (merged >= MaxQuantity ? $"the most one cart may hold)"
                        : merged <= inStock ? (merged == 1 ? "the only one in stock)" : $"all {merged} in stock)") : $"only {inStock} in stock)"));
                }
                existing.Quantity = merged;
            }
            else
            {
                db.CartLines.Add(new CartLine
                {
                    CartId = cartId, ProductId = line.ProductId, Quantity = line.Quantity,
                    PriceCentsWhenAdded = line.PriceCentsWhenAdded, AddedAt = line.AddedAt,
                });
            }
        }
        await db.SaveChangesAsync(ct);
        await db.CartLines.Where(l => l.CartId == anonymousCartId).ExecuteDeleteAsync(ct);
        await MarkMergedAsync(anonymousCartId, userId, now, ct);
        await tx.CommitAsync(ct);
        counts.Forget(anonymousCartId);
        // The context is shared with Identity's sign-in in this request: let go of the cart lines only.
        foreach (var entry in db.ChangeTracker.Entries<CartLine>().ToList()) entry.State = EntityState.Detached;
        return capped;
    }

    /// <summary>Whether this anonymous cart went to an account at a sign-in (in another tab, as a form from before it was sent).</summary>
    public Task<bool> WasMergedAsync(string? anonymousCartId, CancellationToken ct = default) =>
        anonymousCartId is null ? Task.FromResult(false) : db.Carts.AnyAsync(c => c.Id == anonymousCartId && c.MergedIntoUserId != null, ct);

    /// <summary>What a shopper is told when the carts joined at sign-in held more of a product than one cart may.</summary>
    /// <param name="lines">Each product's name with what the cart now holds and why (<see cref="MergeAsync"/>).</param>
    public static string CappedAtSignIn(IReadOnlyList<string> lines) =>
        "Your cart from before you signed in joined your account's, with less of some products than the two carts held together: "
        + $"{string.Join("; ", lines.Take(3))}{(lines.Count > 3 ? $" and {lines.Count - 3} more" : "")}. Check it before you order.";

    private Task<int> MarkMergedAsync(string anonymousCartId, string userId, DateTime now, CancellationToken ct) =>
        db.Carts.Where(c => c.Id == anonymousCartId && c.UserId == null && c.MergedIntoUserId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.MergedIntoUserId, userId).SetProperty(c => c.UpdatedAt, now), ct);

    /// <summary>
    /// Takes every line out of the owner's cart for the order being placed from it, in the placing transaction: a second
    /// order sent meanwhile (another key, another tab or device) then finds the cart empty. The cart was emptied only
    /// once the payment went through, so two orders sent together both became orders and both were charged (an outside
    /// review, session 45). The lines are returned to be put back if the payment is declined.
    /// </summary>
    public async Task<IReadOnlyList<CartLine>> TakeAllAsync(CartOwner owner, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(owner, ct) is not { } cartId) return [];
        var lines = await db.CartLines.AsNoTracking().Where(l => l.CartId == cartId).ToListAsync(ct);
        await db.CartLines.Where(l => l.CartId == cartId).ExecuteDeleteAsync(ct);
        counts.Forget(cartId);
        return lines;
    }

    /// <summary>
    /// Puts back lines <see cref="TakeAllAsync"/> took, as they were (price when added, place in the cart), after a
    /// declined payment. A product added again meanwhile gets the quantities added, capped at 99. An anonymous cart
    /// merged at sign-in meanwhile (the shopper signed in while the card was being declined) passes them on to the
    /// account's cart; a cart gone altogether (its account deleted, or purged) gets nothing. Runs in the caller's
    /// transaction, with the order's withdrawal.
    /// </summary>
    public async Task PutBackAsync(IReadOnlyList<CartLine> lines, CancellationToken ct = default)
    {
        foreach (var taken in lines.GroupBy(l => l.CartId))
        {
            var cart = await db.Carts.AsNoTracking().Where(c => c.Id == taken.Key).Select(c => new { c.Id, c.MergedIntoUserId }).FirstOrDefaultAsync(ct);
            if (cart is null) continue;
            var cartId = cart.MergedIntoUserId is { } userId ? await EnsureAccountCartAsync(userId, clock.GetUtcNow().UtcDateTime, ct) : cart.Id;
            foreach (var line in taken)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO CartLines (CartId, ProductId, Quantity, PriceCentsWhenAdded, AddedAt)
                    VALUES ({cartId}, {line.ProductId}, {line.Quantity}, {line.PriceCentsWhenAdded}, {line.AddedAt})
                    ON CONFLICT (CartId, ProductId) DO UPDATE SET Quantity = MIN(CartLines.Quantity + excluded.Quantity, {MaxQuantity})
                    """, ct);
            }
            counts.Forget(taken.Key);
            counts.Forget(cartId);
        }
    }

    /// <summary>
    /// Anonymous carts untouched for 30 days (their cookie has expired), and carts merged at a sign-in over a day ago (a
    /// payment is declined within a minute): deleted at startup.
    /// </summary>
    public static Task<int> PurgeAbandonedAsync(StoreDbContext db, DateTime now, CancellationToken ct = default)
    {
        var cutoff = now - AnonymousLifetime;
        var mergedCutoff = now - TimeSpan.FromDays(1);
        return db.Carts.Where(c => c.UserId == null && (c.UpdatedAt < cutoff || (c.MergedIntoUserId != null && c.UpdatedAt < mergedCutoff))).ExecuteDeleteAsync(ct);
    }

    private Task<ProductRow?> Product(int id, CancellationToken ct) =>
        db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new ProductRow(p.Name, p.PriceCents, p.Stock, p.IsActive)).FirstOrDefaultAsync(ct);

    private sealed record ProductRow(string Name, long PriceCents, int Stock, bool IsActive);

    /// <param name="inCart">What the cart holds already when <paramref name="quantity"/> is that plus an add; 0 otherwise.</param>
    private static (CartProblem Kind, string Message)? Check(ProductRow? product, int quantity, int inCart = 0)
    {
        if (product is null || !product.IsActive) return (CartProblem.NotSold, "That product is not sold here any more.");
        if (product.Stock <= 0) return (CartProblem.NotEnough, $"Sorry, {product.Name} is sold out.");
        if (quantity > MaxQuantity) return (CartProblem.OverLimit, $"You can have at most {MaxQuantity} of one product in your cart.");
        if (quantity > product.Stock)
        {
            // How many more may be added, where "and your cart already has some" left the shopper to count (session 52's review).
            var room = product.Stock - inCart;
            return (CartProblem.NotEnough, inCart == 0 ? $"Only {product.Stock} of {product.Name} in stock."
                : room > 0 ? $"Only {product.Stock} of {product.Name} in stock and your cart has {inCart}: you can add {room} more."
                : room == 0 ? $"Only {product.Stock} of {product.Name} in stock, and your cart has {(inCart == 1 ? "it" : "them all")}."
                : $"Only {product.Stock} of {product.Name} in stock, fewer than the {inCart} in your cart.");
        }
        return null;
    }

    private async Task<CartChange> Refuse(CartOwner owner, CartProblem kind, string message, CancellationToken ct) => new(false, message, await CountAsync(owner, ct), Problem: kind);

    private Task<int> Touch(string cartId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Carts.Where(c => c.Id == cartId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), ct);
    }
}
