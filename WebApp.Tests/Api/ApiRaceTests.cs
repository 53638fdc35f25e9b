using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Api;

public sealed class ApiRaceTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Fact]
    public async Task Api_orders_and_checkout_page_orders_racing_for_the_last_three_never_oversell()
    {
        var id = await store.ProductWithStockAsync(50, skip: 40);

        // Six app shoppers and six page shoppers, each with one in the cart, all placing at once.
        var apps = new List<(HttpClient Client, Dictionary<string, object?> Body)>();
        for (var i = 0; i < 6; i++)
        {
            var (client, _, _) = await store.BearerClientAsync($"apprace{i}");
            await ApiStore.AddAsync(client, id);
            apps.Add((client, await ApiStore.OrderBodyAsync(client)));
        }
        var pages = new List<(HttpClient Client, HttpRequestMessage Request)>();
        for (var i = 0; i < 6; i++)
        {
            var client = await store.SignedInClientAsync(ApiStore.NewEmail($"pagerace{i}"));
            await ShopStore.AddToCartAsync(client, id);
            pages.Add((client, await ShopStore.CheckoutRequestAsync(client, ShopStore.PayOnDelivery())));
        }
        await store.SetProductAsync(id, 3);

        var apiCalls = apps.Select(a => a.Client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", a.Body, Guid.NewGuid().ToString())));
        var pageCalls = pages.Select(p => p.Client.SendAsync(p.Request));
        var responses = await Task.WhenAll(apiCalls.Concat(pageCalls));

        var apiResponses = responses.Take(6).ToList();
        Assert.All(apiResponses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        foreach (var refused in apiResponses.Where(r => r.StatusCode == HttpStatusCode.Conflict)) await ApiStore.ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal(3, await store.OrderCountForProductAsync(id));
        Assert.Equal(0, await store.StockAsync(id));
    }

    [Fact]
    public async Task One_cart_sent_as_several_orders_at_once_with_different_keys_becomes_one_order_charged_once()
    {
        var (client, email, _) = await store.BearerClientAsync("onecart");
        var id = await store.ProductWithStockAsync(50, skip: 61);
        await ApiStore.AddAsync(client, id, 2);
        var body = await ApiStore.CardOrderBodyAsync(client);

        // A retry under a new key, or the same cart on two devices: the cart was emptied only once the payment went
        // through, so four of five became orders, each charged (an outside review, session 45).
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString()))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal("Empty cart", (await ApiStore.ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("title").GetString());
        }
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(WebApp.Orders.OrderStatus.Paid, order.Status);
        Assert.Equal(48, await store.StockAsync(id));
    }

    [Fact]
    public async Task One_cart_in_two_checkout_tabs_placed_at_once_becomes_one_order()
    {
        var id = await store.ProductWithStockAsync(50, skip: 62);
        var email = ApiStore.NewEmail("twotabs");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, id);
        // Each tab's form carries its own one-time key.
        var tabs = new[] { await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard()), await ShopStore.CheckoutRequestAsync(client, ShopStore.TestCard()) };

        var responses = await Task.WhenAll(tabs.Select(client.SendAsync));

        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(49, await store.StockAsync(id));
        // Both tabs land on that order; the second says its cart was already ordered ("Your cart is empty." on the
        // cart page before; an outside review, session 45).
        Assert.All(responses, r => Assert.Equal(WebApp.Orders.Order.PathOf(order.Id), r.RequestMessage!.RequestUri!.AbsolutePath));
        var texts = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        // At least one: the two tabs share one cookie jar, and the message travels in it (TempData), so when the first
        // tab's redirect is read after the second's post, both pages may show it (seen once in session 50).
        Assert.Contains(texts, t => t.Contains($"Your cart was already ordered, as order #{order.Id}", StringComparison.Ordinal));
    }
}
