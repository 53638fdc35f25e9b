using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Admin;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>
/// Orders for the admin order and dashboard tests: placed through the real checkout as a customer would, or written
/// through EF when a test needs a date, a status or a half-finished checkout that the checkout cannot make on demand.
/// </summary>
public static class AdminOrderData
{
    /// <summary>A signed-in customer who puts <paramref name="quantity"/> of a product in the cart and checks out.</summary>
    public static async Task<(HttpClient Customer, string Email, int OrderId)> PlaceAsync(StoreFactory store, int productId, int quantity, Dictionary<string, string> payment, int stock = 50)
    {
        await store.SetProductAsync(productId, stock);
        var email = StoreFactory.NewEmail("customer");
        var customer = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(customer, productId, quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (customer, email, ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(customer, payment)));
    }

    /// <summary>An order written straight to the database, its stock taken as the checkout would have.</summary>
    public static async Task<Order> InsertAsync(StoreFactory store, string email, OrderStatus status, DateTime placedAt, string paymentMethod = "Card",
        int productId = 1, int quantity = 1, string? paymentReference = "test_ref", string? userId = null)
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var product = await db.Products.AsNoTracking().SingleAsync(p => p.Id == productId);
        var subtotal = product.PriceCents * quantity;
        var order = new Order
        {
            UserId = userId ?? await db.Users.Where(u => u.Email == email).Select(u => u.Id).FirstOrDefaultAsync() ?? "deleted-user",
            Email = email, IdempotencyKey = Guid.NewGuid().ToString("N"), Status = status, PlacedAt = placedAt,
            FullName = "Grace Hopper", AddressLine1 = "1 Compiler Lane", City = "Arlington", PostalCode = "22201", Country = "US", Phone = "+1 555 0100",
            ShippingMethod = "Standard", SubtotalCents = subtotal, ShippingCents = 500, TaxCents = 0, TotalCents = subtotal + 500,
            PaymentMethod = paymentMethod, PaymentReference = paymentReference, PaymentSummary = paymentReference is null ? null : "Visa ending 4242",
            Lines = [new OrderLine { ProductId = productId, Sku = product.Sku, Name = product.Name, UnitPriceCents = product.PriceCents, Quantity = quantity }],
            History = [new OrderStatusChange { Status = status, At = placedAt, Note = "Inserted by the test" }],
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        await db.Products.Where(p => p.Id == productId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Stock, p => p.Stock - quantity));
        return order;
    }

    public static async Task<int> StockAsync(StoreFactory store, int productId)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync();
    }

    public static async Task<Order> OrderAsync(StoreFactory store, int orderId)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.AsNoTracking()
            .Include(o => o.History).Include(o => o.Notes).SingleAsync(o => o.Id == orderId);
    }

    public static async Task<List<AuditEntry>> AuditAsync(StoreFactory store, string entity, int id)
    {
        using var scope = store.Services.CreateScope();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.Entity == entity && a.EntityId == key).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The newest mail to <paramref name="email"/> whose text contains <paramref name="marker"/>, or null.</summary>
    public static string? Mail(StoreFactory store, string email, string marker) =>
        Directory.Exists(store.MailDirectory)
            ? Directory.GetFiles(store.MailDirectory, "*.eml").OrderBy(f => f, StringComparer.Ordinal).Select(File.ReadAllText)
                .LastOrDefault(t => t.Contains($"To: {email}", StringComparison.Ordinal) && t.Contains(marker, StringComparison.Ordinal))
            : null;

    /// <summary>An antiforgery token the client may legitimately hold (from a form it can open), for forged posts.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var document = await client.GetDocumentAsync(page);
        return document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }
}
