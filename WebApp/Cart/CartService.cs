using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Cart;

/// <summary>One line of the cart as the shopper sees it: the line joined with the product as it is now.</summary>
public sealed record CartItem(int ProductId, string Name, string Slug, string Sku, int Quantity, long PriceCents, long PriceCentsWhenAdded, int Stock, bool IsActive)
{
    public string Url => WebApp.Catalog.Product.UrlFor(ProductId, Slug);
    public long LineTotalCents => PriceCents * Quantity;
    public bool PriceChanged => PriceCents != PriceCentsWhenAdded;

    /// <summary>Why this line cannot be bought as it stands, or null.</summary>
    public string? Problem => !IsActive ? "This product is no longer sold; remove it to check out."
        : Stock <= 0 ? "Sold out; remove it to check out."
        : Quantity > Stock ? $"Only {Stock} left in stock; lower the quantity to check out."
        : null;
}

public sealed record CartView(IReadOnlyList<CartItem> Items)
{
    public int Count => Items.Sum(i => i.Quantity);
    public long SubtotalCents => Items.Sum(i => i.LineTotalCents);
    public bool CanCheckOut => Items.Count > 0 && Items.All(i => i.Problem is null);
    public static CartView Empty { get; } = new([]);
}

/// <summary>What an add, update or remove did: a message for the shopper and the new item count for the header.</summary>
public sealed record CartChange(bool Succeeded, string Message, int Count);

/// <summary>
/// The cart of the current request's shopper: the signed-in user's, or the anonymous one named by the cart cookie.
/// Quantities are checked here (1 to 99, and stock) for every path that changes a line.
/// </summary>
public sealed class CartService(StoreDbContext db, IConfiguration configuration, IHostEnvironment environment, TimeProvider clock)
{
    public const int MaxQuantity = 99;
    public static readonly TimeSpan AnonymousLifetime = TimeSpan.FromDays(30);

    private bool SecureCookie => configuration.GetValue("Auth:SecureCookies", !environment.IsDevelopment());
    private string CookieName => SecureCookie ? "__Host-WebApp.Cart" : ".WebApp.Cart";

    public static string? UserIdOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    /// <summary>The anonymous cart id from the cookie, if it looks like one we issued (anything else is ignored).</summary>
    private string? AnonymousId(HttpContext http) =>
        http.Request.Cookies[CookieName] is { Length: 43 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? id : null;

    /// <summary>The cart id for this request, without creating anything.</summary>
    private async Task<string?> FindCartIdAsync(HttpContext http, CancellationToken ct)
    {
        if (UserIdOf(http.User) is { } userId)
        {
            return await db.Carts.Where(c => c.UserId == userId).Select(c => c.Id).FirstOrDefaultAsync(ct);
        }
        return AnonymousId(http);
    }

    private async Task<string> EnsureCartIdAsync(HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (UserIdOf(http.User) is { } userId)
        {
            return await EnsureAccountCartAsync(userId, now, ct);
        }
        var id = AnonymousId(http) ?? NewId();
        await db.Database.ExecuteSqlAsync($"INSERT INTO Carts (Id, UserId, CreatedAt, UpdatedAt) VALUES ({id}, NULL, {now}, {now}) ON CONFLICT (Id) DO UPDATE SET UpdatedAt = excluded.UpdatedAt", ct);
        // Renewed on every change: the cart lasts 30 days from the last time it was touched.
        http.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            Secure = SecureCookie,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
            MaxAge = AnonymousLifetime,
        });
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

    private static string NewId() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async Task<int> CountAsync(HttpContext http, CancellationToken ct = default)
    {
        if (UserIdOf(http.User) is { } userId)
        {
            return await db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId)).SumAsync(l => (int?)l.Quantity, ct) ?? 0;
        }
        return AnonymousId(http) is { } id ? await CountAsync(id, ct) : 0;
    }

    private async Task<int> CountAsync(string cartId, CancellationToken ct) =>
        await db.CartLines.Where(l => l.CartId == cartId).SumAsync(l => (int?)l.Quantity, ct) ?? 0;

    public async Task<CartView> LoadAsync(HttpContext http, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(http, ct) is not { } cartId) return CartView.Empty;
        return await LoadAsync(cartId, ct);
    }

    /// <summary>The account's cart, for the checkout (which knows the user, not the cookie).</summary>
    public async Task<CartView> LoadForUserAsync(string userId, CancellationToken ct = default) =>
        await db.Carts.Where(c => c.UserId == userId).Select(c => c.Id).FirstOrDefaultAsync(ct) is { } cartId ? await LoadAsync(cartId, ct) : CartView.Empty;

    private async Task<CartView> LoadAsync(string cartId, CancellationToken ct)
    {
        var items = await db.CartLines.AsNoTracking()
            .Where(l => l.CartId == cartId)
            .OrderBy(l => l.AddedAt).ThenBy(l => l.Id)
            .Join(db.Products, l => l.ProductId, p => p.Id, (l, p) =>
                new CartItem(p.Id, p.Name, p.Slug, p.Sku, l.Quantity, p.PriceCents, l.PriceCentsWhenAdded, p.Stock, p.IsActive))
            .ToListAsync(ct);
        return new CartView(items);
    }

    public async Task<CartChange> AddAsync(HttpContext http, int productId, int quantity, CancellationToken ct = default)
    {
        var product = await Product(productId, ct);
        var current = await FindCartIdAsync(http, ct) is { } existingCart
            ? await db.CartLines.Where(l => l.CartId == existingCart && l.ProductId == productId).Select(l => (int?)l.Quantity).FirstOrDefaultAsync(ct) ?? 0
            : 0;
        if (quantity is < 1 or > MaxQuantity) return await Refuse(http, $"Choose a quantity from 1 to {MaxQuantity}.", ct);
        if (Check(product, current + quantity, adding: current > 0) is { } problem) return await Refuse(http, problem, ct);

        var cartId = await EnsureCartIdAsync(http, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var total = current + quantity;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO CartLines (CartId, ProductId, Quantity, PriceCentsWhenAdded, AddedAt) VALUES ({cartId}, {productId}, {total}, {product!.PriceCents}, {now})
            ON CONFLICT (CartId, ProductId) DO UPDATE SET Quantity = excluded.Quantity
            """, ct);
        return new CartChange(true, $"Added {quantity} × {product.Name} to your cart.", await CountAsync(cartId, ct));
    }

    public async Task<CartChange> SetQuantityAsync(HttpContext http, int productId, int quantity, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(http, ct) is not { } cartId) return await Refuse(http, "That product is not in your cart.", ct);
        if (quantity is < 1 or > MaxQuantity) return await Refuse(http, $"Choose a quantity from 1 to {MaxQuantity}, or remove the product.", ct);
        var product = await Product(productId, ct);
        if (Check(product, quantity, adding: false) is { } problem) return await Refuse(http, problem, ct);
        var updated = await db.CartLines.Where(l => l.CartId == cartId && l.ProductId == productId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Quantity, quantity), ct);
        if (updated == 0) return await Refuse(http, "That product is not in your cart.", ct);
        await Touch(cartId, ct);
        return new CartChange(true, $"{product!.Name}: quantity is now {quantity}.", await CountAsync(http, ct));
    }

    public async Task<CartChange> RemoveAsync(HttpContext http, int productId, CancellationToken ct = default)
    {
        if (await FindCartIdAsync(http, ct) is { } cartId)
        {
            await db.CartLines.Where(l => l.CartId == cartId && l.ProductId == productId).ExecuteDeleteAsync(ct);
            await Touch(cartId, ct);
        }
        return new CartChange(true, "Removed from your cart.", await CountAsync(http, ct));
    }

    /// <summary>
    /// At sign-in: the anonymous cart's lines join the account's cart (quantities added, capped at 99 and by stock),
    /// and the anonymous cart and its cookie go away.
    /// </summary>
    public async Task MergeAtSignInAsync(HttpContext http, string userId, CancellationToken ct = default)
    {
        if (AnonymousId(http) is not { } anonymousId) return;
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = SecureCookie });
        var incoming = await db.CartLines.AsNoTracking().Where(l => l.CartId == anonymousId).ToListAsync(ct);
        if (incoming.Count == 0)
        {
            await db.Carts.Where(c => c.Id == anonymousId && c.UserId == null).ExecuteDeleteAsync(ct);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cartId = await EnsureAccountCartAsync(userId, now, ct);
        var ids = incoming.Select(l => l.ProductId).ToList();
        var mine = await db.CartLines.Where(l => l.CartId == cartId && ids.Contains(l.ProductId)).ToDictionaryAsync(l => l.ProductId, ct);
        var stock = await db.Products.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Stock, ct);
        foreach (var line in incoming)
        {
            var inStock = stock.GetValueOrDefault(line.ProductId);
            if (mine.TryGetValue(line.ProductId, out var existing))
            {
                // Capped by stock, but never below what either cart already had (the cart page then says it is short).
                var sum = Math.Min(existing.Quantity + line.Quantity, MaxQuantity);
                existing.Quantity = Math.Max(Math.Max(existing.Quantity, line.Quantity), Math.Min(sum, inStock));
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
        await db.Carts.Where(c => c.Id == anonymousId && c.UserId == null).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        // The context is shared with Identity's sign-in in this request: let go of the cart lines only.
        foreach (var entry in db.ChangeTracker.Entries<CartLine>().ToList()) entry.State = EntityState.Detached;
    }

    /// <summary>Empties the account's cart after an order; the lines were bought.</summary>
    public Task ClearAsync(string userId, CancellationToken ct = default) =>
        db.CartLines.Where(l => db.Carts.Any(c => c.Id == l.CartId && c.UserId == userId)).ExecuteDeleteAsync(ct);

    /// <summary>Anonymous carts untouched for 30 days (their cookie has expired): deleted at startup.</summary>
    public static Task<int> PurgeAbandonedAsync(StoreDbContext db, DateTime now, CancellationToken ct = default)
    {
        var cutoff = now - AnonymousLifetime;
        return db.Carts.Where(c => c.UserId == null && c.UpdatedAt < cutoff).ExecuteDeleteAsync(ct);
    }

    private Task<ProductRow?> Product(int id, CancellationToken ct) =>
        db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new ProductRow(p.Name, p.PriceCents, p.Stock, p.IsActive)).FirstOrDefaultAsync(ct);

    private sealed record ProductRow(string Name, long PriceCents, int Stock, bool IsActive);

    private static string? Check(ProductRow? product, int quantity, bool adding)
    {
        if (product is null || !product.IsActive) return "That product is not sold here any more.";
        if (product.Stock <= 0) return $"Sorry, {product.Name} is sold out.";
        if (quantity > MaxQuantity) return $"You can have at most {MaxQuantity} of one product in your cart.";
        if (quantity > product.Stock)
        {
            return adding
                ? $"Only {product.Stock} of {product.Name} in stock, and your cart already has some."
                : $"Only {product.Stock} of {product.Name} in stock.";
        }
        return null;
    }

    private async Task<CartChange> Refuse(HttpContext http, string message, CancellationToken ct) => new(false, message, await CountAsync(http, ct));

    private Task<int> Touch(string cartId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Carts.Where(c => c.Id == cartId).ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, now), ct);
    }
}
