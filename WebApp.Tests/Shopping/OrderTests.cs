using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Shopping;

public sealed class OrderTests(ShopStore store) : IClassFixture<ShopStore>
{
    private async Task<(HttpClient Client, int OrderId)> PlacedOrderAsync(string email, int productId, int quantity, Dictionary<string, string> payment)
    {
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, productId, quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (client, ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, payment)));
    }

    [Fact]
    public async Task Pay_on_delivery_orders_stay_placed_and_the_customer_can_cancel_them_which_restocks()
    {
        await store.SetProductAsync(50, stock: 8);
        var (client, orderId) = await PlacedOrderAsync(ShopStore.NewEmail("cancel"), 50, 3, ShopStore.PayOnDelivery());
        Assert.Equal(5, (await store.ProductAsync(50)).Stock);

        var page = await client.GetDocumentAsync($"/orders/{orderId}");
        Assert.Equal("Placed", page.QuerySelector("[data-testid=order-status]")!.TextContent);
        // The button sits in a closed <details> that says what a cancel does: two steps, without script.
        var confirm = page.QuerySelector("[data-testid=cancel-order]")!.Closest("details")!;
        Assert.False(confirm.HasAttribute("open"));
        Assert.Equal("Cancel this order…", confirm.QuerySelector("summary")!.TextContent);
        Assert.Contains("will not be shipped or charged", confirm.TextContent, StringComparison.Ordinal);
        var cancel = (IHtmlFormElement)page.QuerySelector("[data-testid=cancel-order]")!.Closest("form")!;
        // Without script "Keep" is a link: back to the cancel, not to the page's top a phone's screen away.
        Assert.Equal($"/orders/{orderId}#cancel", confirm.QuerySelector("[data-keep]")!.GetAttribute("href"));
        Assert.Equal("cancel", cancel.Id);
        var cancelled = await Html.GetDocumentAsync(await client.SubmitAsync(cancel));

        Assert.Equal("Cancelled", cancelled.QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Null(cancelled.QuerySelector("[data-testid=cancel-order]"));
        Assert.Contains("Cancelled by the customer", cancelled.QuerySelector("[data-testid=order-history]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(8, (await store.ProductAsync(50)).Stock);

        // The same cancel posted again (a double click, a second tab) restocks nothing more.
        var again = await Html.GetDocumentAsync(await client.SubmitAsync(cancel));
        // It read "An order that is cancelled cannot become cancelled" (an outside review, session 53).
        Assert.Contains("is already cancelled (since ", again.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(8, (await store.ProductAsync(50)).Stock);
    }

    [Fact]
    public async Task Concurrent_cancels_restock_exactly_once()
    {
        await store.SetProductAsync(51, stock: 10);
        var (client, orderId) = await PlacedOrderAsync(ShopStore.NewEmail("twotabs"), 51, 4, ShopStore.PayOnDelivery());
        var page = await client.GetDocumentAsync($"/orders/{orderId}");
        var cancel = (IHtmlFormElement)page.QuerySelector("[data-testid=cancel-order]")!.Closest("form")!;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Html.FormRequest(cancel))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(10, (await store.ProductAsync(51)).Stock);
    }

    [Fact]
    public async Task Paid_orders_cannot_be_cancelled_by_the_customer()
    {
        await store.SetProductAsync(52, stock: 10);
        var (client, orderId) = await PlacedOrderAsync(ShopStore.NewEmail("paid"), 52, 1, ShopStore.TestCard());
        var page = await client.GetDocumentAsync($"/orders/{orderId}");
        Assert.Equal("Paid", page.QuerySelector("[data-testid=order-status]")!.TextContent);
        Assert.Null(page.QuerySelector("[data-testid=cancel-order]"));

        using var scope = store.Services.CreateScope();
        var owner = UserIdOf(scope, orderId);
        var problem = await scope.ServiceProvider.GetRequiredService<OrderWorkflow>().MoveAsync(orderId, OrderStatus.Cancelled, "try", ownerId: owner);
        Assert.Equal("A paid card order cannot be cancelled online: contact us to cancel it, and the payment is refunded to the card.", problem);
        Assert.Equal(9, (await store.ProductAsync(52)).Stock);
    }

    private static string UserIdOf(IServiceScope scope, int orderId) =>
        scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.Where(o => o.Id == orderId).Select(o => o.UserId!).Single();

    [Fact]
    public async Task Order_pages_are_fenced_to_their_owner()
    {
        await store.SetProductAsync(53, stock: 10);
        var (_, orderId) = await PlacedOrderAsync(ShopStore.NewEmail("owner"), 53, 2, ShopStore.PayOnDelivery());
        var intruder = await store.SignedInClientAsync(ShopStore.NewEmail("intruder"));

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/orders/{orderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync("/orders/999999")).StatusCode);
        Assert.DoesNotContain($"#{orderId}", (await intruder.GetDocumentAsync("/orders")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        // Cancelling someone else's order with the intruder's own valid form and token: 404, and nothing changes.
        var mine = intruder;
        await ShopStore.AddToCartAsync(mine, 53, "1");
        var myOrder = ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(mine, ShopStore.PayOnDelivery()));
        var form = (IHtmlFormElement)(await mine.GetDocumentAsync($"/orders/{myOrder}")).QuerySelector("[data-testid=cancel-order]")!.Closest("form")!;
        form.Action = $"/orders/{orderId}?handler=Cancel";
        Assert.Equal(HttpStatusCode.NotFound, (await mine.SubmitAsync(form)).StatusCode);
        Assert.Equal(7, (await store.ProductAsync(53)).Stock);

        var anonymous = store.CreateBrowserlessClient();
        var redirect = await anonymous.GetAsync($"/orders/{orderId}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/account/login", redirect.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_history_is_newest_first_and_paged()
    {
        var email = ShopStore.NewEmail("history");
        var client = await store.SignedInClientAsync(email);
        var userId = await store.UserIdAsync(email);
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            for (var i = 0; i < 23; i++)
            {
                db.Orders.Add(new Order
                {
                    UserId = userId, Email = email, IdempotencyKey = Guid.NewGuid().ToString("N"), Status = OrderStatus.Delivered, PlacedAt = DateTime.UtcNow.AddDays(i - 30),
                    FullName = "H", AddressLine1 = "1 Road", City = "Town", PostalCode = "1000", Country = "NL", Phone = "+31 20 000 0000",
                    ShippingMethod = "Standard", PaymentMethod = "Card", SubtotalCents = 100 * (i + 1), TotalCents = 100 * (i + 1),
                    Lines = [new OrderLine { ProductId = 1, Sku = "SKU", Name = $"Thing {i}", UnitPriceCents = 100 * (i + 1), Quantity = 1 }],
                });
            }
            await db.SaveChangesAsync();
        }

        var first = await client.GetDocumentAsync("/orders");
        var rows = first.QuerySelectorAll("[data-testid=order-row]");
        Assert.Equal(WebApp.Pages.Orders.IndexModel.PageSize, rows.Length);
        var ids = rows.Select(r => int.Parse(r.QuerySelector("a")!.TextContent.TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.OrderByDescending(i => i), ids);
        Assert.Contains("$23.00", rows[0].TextContent, StringComparison.Ordinal);

        var second = await client.GetDocumentAsync("/orders?page=2");
        Assert.Equal(3, second.QuerySelectorAll("[data-testid=order-row]").Length);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders?page=-5")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders?page=abc")).StatusCode);
    }

    [Fact]
    public async Task The_personal_data_download_includes_orders_with_their_address()
    {
        await store.SetProductAsync(55, stock: 10);
        var (client, orderId) = await PlacedOrderAsync(ShopStore.NewEmail("gdpr"), 55, 2, ShopStore.PayOnDelivery());
        var manage = await client.GetDocumentAsync("/account/manage");

        var response = await client.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#download")!);

        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var order = Assert.Single(json.RootElement.GetProperty("Orders").EnumerateArray());
        Assert.Equal(orderId, order.GetProperty("Id").GetInt32());
        Assert.Equal("12 Analytical Row", order.GetProperty("AddressLine1").GetString());
        Assert.Equal("+44 20 7946 0958", order.GetProperty("Phone").GetString());
        Assert.Equal(2, Assert.Single(order.GetProperty("Lines").EnumerateArray()).GetProperty("Quantity").GetInt32());
    }

    [Fact]
    public async Task The_admin_home_counts_orders_and_those_to_ship()
    {
        await store.SetProductAsync(54, stock: 10);
        await PlacedOrderAsync(ShopStore.NewEmail("counted"), 54, 1, ShopStore.PayOnDelivery());
        var admin = await store.SignedInClientAsync(ShopStore.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);

        var dashboard = await admin.GetDocumentAsync("/admin");

        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        // The dashboard counts the last 30 days (today and the 29 before); another test here places orders further back.
        var since = DateTime.UtcNow.Date.AddDays(-29);
        Assert.Equal(db.Orders.Count(o => o.PlacedAt >= since).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), dashboard.QuerySelector("[data-testid=orders-30d]")!.TextContent);
        Assert.True(db.Orders.Any());
    }

    [Theory]
    [InlineData(OrderStatus.Placed, OrderStatus.Paid, true)]
    [InlineData(OrderStatus.Placed, OrderStatus.Cancelled, true)]
    [InlineData(OrderStatus.Paid, OrderStatus.Shipped, true)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Delivered, true)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Cancelled, false)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Placed, false)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Paid, false)]
    [InlineData(OrderStatus.Paid, OrderStatus.Placed, false)]
    public void Status_changes_follow_the_rules(OrderStatus from, OrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OrderStatusRules.CanMove(from, to));
}
