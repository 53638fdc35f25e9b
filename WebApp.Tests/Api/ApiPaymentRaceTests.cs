using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Checkout;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

/// <summary>
/// The store with a card gateway that holds the next charge until the test lets it go: the moment between an order's
/// commit and its payment, where a second order from the same cart and a cancel both slipped in (an outside review,
/// session 45). Held, the moment is as long as the test needs; racing, it was a few milliseconds and the tests passed
/// whichever way the store behaved.
/// </summary>
public sealed class GatedPaymentStore : ApiStore
{
    public GatedCardGateway Gateway { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var card = services.Single(d => d.ServiceType == typeof(IPaymentGateway) && d.ImplementationType == typeof(TestCardGateway));
            services.Insert(services.IndexOf(card), ServiceDescriptor.Singleton<IPaymentGateway>(Gateway));
            services.Remove(card);
        });
    }

    public sealed class GatedCardGateway : IPaymentGateway
    {
        private readonly TestCardGateway _inner = new();
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _release;
        private TaskCompletionSource? _holding;

        public string Method => _inner.Method;
        public string DisplayName => _inner.DisplayName;
        public bool NeedsCard => _inner.NeedsCard;

        /// <summary>The next charge waits in the gateway until <see cref="Release"/>; the returned task ends when it is there.</summary>
        public Task HoldNext()
        {
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return _entered.Task;
        }

        public void Release() => _holding?.TrySetResult();

        public async Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken ct = default)
        {
            if (Interlocked.Exchange(ref _release, null) is { } release)
            {
                _entered.TrySetResult();
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
            return await _inner.ChargeAsync(request, ct);
        }

        public Task<PaymentResult?> FindChargeAsync(string idempotencyKey, CancellationToken ct = default) => _inner.FindChargeAsync(idempotencyKey, ct);

        public Task<RefundResult> RefundAsync(RefundRequest request, CancellationToken ct = default) => _inner.RefundAsync(request, ct);
    }
}

public sealed class ApiPaymentRaceTests(GatedPaymentStore store) : IClassFixture<GatedPaymentStore>
{
    [Fact]
    public async Task A_second_order_from_the_cart_while_the_first_is_being_paid_finds_it_empty()
    {
        var (client, email, _) = await store.BearerClientAsync("secondorder");
        var id = await store.ProductWithStockAsync(50, skip: 70);
        await ApiStore.AddAsync(client, id, 2);
        var body = await ApiStore.CardOrderBodyAsync(client);

        var held = store.Gateway.HoldNext();
        var first = client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString()));
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        // Another key (a retry, a second device) while the first order's card is being charged: it became a second
        // order, charged as well.
        var second = await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString()));
        store.Gateway.Release();

        var empty = await ApiStore.ProblemAsync(second, HttpStatusCode.Conflict);
        Assert.Equal(("Empty cart", "empty-cart"), (empty.GetProperty("title").GetString(), empty.GetProperty("code").GetString()));
        await ApiStore.JsonAsync(await first, HttpStatusCode.Created);
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(WebApp.Orders.OrderStatus.Paid, order.Status);
        Assert.Equal(48, await store.StockAsync(id));
        Assert.Empty((await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_declined_card_puts_the_cart_back_as_it_was()
    {
        var (client, email, _) = await store.BearerClientAsync("putback");
        var id = await store.ProductWithStockAsync(50, skip: 71);
        await ApiStore.AddAsync(client, id, 3);
        var body = await ApiStore.CardOrderBodyAsync(client);
        body["cardNumber"] = "4000 0000 0000 0002";

        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString())), HttpStatusCode.PaymentRequired);

        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Equal(50, await store.StockAsync(id));
        var line = Assert.Single((await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal((id, 3), (line.GetProperty("productId").GetInt32(), line.GetProperty("quantity").GetInt32()));
    }

    [Fact]
    public async Task A_card_order_cannot_be_cancelled_while_its_payment_is_taken()
    {
        var (client, _, _) = await store.BearerClientAsync("cancelwhilepaying");
        var id = await store.ProductWithStockAsync(50, skip: 72);
        await ApiStore.AddAsync(client, id);
        var body = await ApiStore.CardOrderBodyAsync(client);

        var held = store.Gateway.HoldNext();
        var placing = client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString()));
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        var orderId = (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetInt32();
        // It was cancelled, its stock put back, and the charge that followed was kept.
        var pending = await ApiStore.JsonAsync(await client.GetAsync($"/api/v1/orders/{orderId}"), HttpStatusCode.OK);
        var cancel = await client.PostAsync($"/api/v1/orders/{orderId}/cancel", null);
        store.Gateway.Release();

        Assert.Equal(("Placed", false), (pending.GetProperty("status").GetString(), pending.GetProperty("canCancel").GetBoolean()));
        Assert.Contains("still being settled", (await ApiStore.ProblemAsync(cancel, HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Paid", (await ApiStore.JsonAsync(await placing, HttpStatusCode.Created)).GetProperty("status").GetString());
        Assert.Equal(49, await store.StockAsync(id));
    }

    [Fact]
    public async Task Staff_cannot_cancel_a_card_order_while_its_payment_is_taken_and_a_decline_after_a_cancel_restocks_once()
    {
        var (client, _, _) = await store.BearerClientAsync("staffcancel");
        var id = await store.ProductWithStockAsync(5, skip: 73);
        await ApiStore.AddAsync(client, id);
        var body = await ApiStore.CardOrderBodyAsync(client);
        body["cardNumber"] = "4000 0000 0000 0002";

        var held = store.Gateway.HoldNext();
        var placing = client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString()));
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        var orderId = (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/orders"), HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetInt32();
        Assert.Equal(4, await store.StockAsync(id));

        // Staff in that moment: their cancel restocked, then the decline restocked again, 5 in stock became 9 over 12
        // tries with nothing sold (an outside review, session 45). Refused while the payment may be under way...
        using (var scope = store.Services.CreateScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<WebApp.Orders.OrderWorkflow>();
            var admin = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Email, "staff@example.com")], "test"));
            Assert.Contains("may still be under way", await workflow.CancelAsync(orderId, null, admin, "http://localhost"), StringComparison.Ordinal);
            // ...and a cancel that got in all the same (as one past the window would) is not undone twice by the decline.
            var db = scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>();
            await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, WebApp.Orders.OrderStatus.Cancelled));
            await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Stock, p => p.Stock + 1));
        }
        store.Gateway.Release();

        await ApiStore.ProblemAsync(await placing, HttpStatusCode.PaymentRequired);
        Assert.Equal(5, await store.StockAsync(id));
        Assert.Equal("Cancelled", (await ApiStore.JsonAsync(await client.GetAsync($"/api/v1/orders/{orderId}"), HttpStatusCode.OK)).GetProperty("status").GetString());
        // The shopper's cart is back, to pay another way.
        Assert.Single((await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Signing_in_while_a_guests_card_is_declined_keeps_the_cart_in_the_account()
    {
        var email = StoreFactory.NewEmail("signinwhiledeclined");
        await store.CreateUserAsync(email);
        var id = await store.ProductWithStockAsync(50, skip: 75);
        var browser = store.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await ShopStore.AddToCartAsync(browser, id, "2")).StatusCode);
        var checkout = await ShopStore.CheckoutRequestAsync(browser, new Dictionary<string, string>(ShopStore.TestCard("4000 0000 0000 0002")) { ["Input.Email"] = email });

        var held = store.Gateway.HoldNext();
        var placing = browser.SendAsync(checkout);
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        // Signing in from another tab while the card is tried: the cart being paid for was empty, so the sign-in merged
        // nothing and deleted it, and the decline put the lines back into a cart no one had (an outside review, session 45).
        Assert.Equal(HttpStatusCode.OK, (await StoreFactory.Login(browser, email, StoreFactory.Password)).StatusCode);
        store.Gateway.Release();

        // The guest's form has no cart left to show: the answer is the cart page, now the account's, saying what happened.
        var declined = await placing;
        Assert.Equal("/cart", declined.RequestMessage!.RequestUri!.AbsolutePath);
        var cart = await Html.GetDocumentAsync(declined);
        Assert.Contains("declined", cart.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(50, await store.StockAsync(id));
        Assert.Equal(0, await store.OrderCountForProductAsync(id));
        Assert.Equal(2, await ShopStore.HeaderCountAsync(browser));
        Assert.Equal("2", cart.QuerySelector($"[data-testid=cart-line][data-product-id=\"{id}\"] input[name=Quantity]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task Adds_to_one_cart_at_once_all_count()
    {
        var (client, _, _) = await store.BearerClientAsync("manyadds");
        var id = await store.ProductWithStockAsync(50, skip: 74);

        // Read outside a transaction, ten adds at once ended at 8, 9 or 10 (an outside review, session 45).
        var adds = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/cart/items", new { productId = id, quantity = 1 }))));

        Assert.All(adds, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var line = Assert.Single((await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(10, line.GetProperty("quantity").GetInt32());
    }
}
