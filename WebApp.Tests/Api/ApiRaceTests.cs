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
}
