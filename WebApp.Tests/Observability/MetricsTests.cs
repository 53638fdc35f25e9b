using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Cart;
using WebApp.Checkout;

namespace WebApp.Tests.Observability;

public sealed class MetricsTests(MetricsStore store) : IClassFixture<MetricsStore>
{
    // One connection: Kestrel records a request's duration after sending its response, and before it reads the next
    // request on the same connection, so a scrape sent after a page on this client always counts that page.
    private readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1, AllowAutoRedirect = false }) { BaseAddress = new Uri(store.BaseUrl) };

    private async Task<string> ScrapeAsync()
    {
        var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Metrics_give_request_rate_and_latency_by_route_to_a_scraper_on_loopback()
    {
        await _client.GetAsync("/products/7");

        var metrics = await ScrapeAsync();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", metrics, StringComparison.Ordinal);
        // By route pattern, never by the id in the path.
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/?products/\\{id", metrics);
        Assert.DoesNotContain("products/7", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_cache_hits_and_misses_are_counted()
    {
        var before = await ScrapeAsync();

        var query = "/search?q=" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(query)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(query)).StatusCode);

        var after = await ScrapeAsync();
        Assert.True(MetricsStore.Sample(after, "webapp_search_cache_misses_total") >= MetricsStore.Sample(before, "webapp_search_cache_misses_total") + 1);
        Assert.True(MetricsStore.Sample(after, "webapp_search_cache_hits_total") >= MetricsStore.Sample(before, "webapp_search_cache_hits_total") + 1);
    }

    [Fact]
    public async Task Orders_placed_and_checkouts_refused_for_stock_are_counted()
    {
        var before = await ScrapeAsync();

        await store.SetProductAsync(11, stock: 5, priceCents: 1_000);
        Assert.IsType<PlaceOrderResult.Placed>(await GuestCheckoutAsync(11, quantity: 2, stockAfterAdding: null));
        Assert.IsType<PlaceOrderResult.OutOfStock>(await GuestCheckoutAsync(11, quantity: 2, stockAfterAdding: 1));

        var after = await ScrapeAsync();
        Assert.True(MetricsStore.Sample(after, "webapp_orders_placed_total") >= MetricsStore.Sample(before, "webapp_orders_placed_total") + 1);
        Assert.True(MetricsStore.Sample(after, "webapp_checkout_stock_conflicts_total") >= MetricsStore.Sample(before, "webapp_checkout_stock_conflicts_total") + 1);
    }

    [Fact]
    public async Task Metrics_answer_GET_only()
    {
        var response = await _client.PostAsync("/metrics", new StringContent(""));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A guest's checkout through the use case; <paramref name="stockAfterAdding"/> makes the stock run out in between.</summary>
    private async Task<PlaceOrderResult> GuestCheckoutAsync(int productId, int quantity, int? stockAfterAdding)
    {
        using var scope = store.Services.CreateScope();
        var carts = scope.ServiceProvider.GetRequiredService<CartService>();
        var change = await carts.AddAsync(CartOwner.Anonymous(null), productId, quantity);
        Assert.True(change.Succeeded, change.Message);
        var owner = CartOwner.Anonymous(change.AnonymousCartId);
        var subtotal = (await carts.LoadAsync(owner)).SubtotalCents;
        if (stockAfterAdding is { } stock) await store.SetProductAsync(productId, stock);
        var request = new PlaceOrderRequest
        {
            Email = "metrics@example.com", FullName = "Ada Lovelace", AddressLine1 = "12 Analytical Row", City = "London", PostalCode = "N1 9GU",
            Country = "GB", Phone = "+44 20 7946 0958", ShippingMethod = "standard", PaymentMethod = "cod",
            IdempotencyKey = Guid.NewGuid().ToString("N"), QuotedSubtotalCents = subtotal,
        };
        return await scope.ServiceProvider.GetRequiredService<PlaceOrder>().PlaceAsync(owner, request, "https://store.example");
    }
}
