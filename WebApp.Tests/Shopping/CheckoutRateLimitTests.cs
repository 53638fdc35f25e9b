using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Shopping;

public sealed class CheckoutRateLimitTests(RateLimitedShopStore store) : IClassFixture<RateLimitedShopStore>
{
    [Fact]
    public async Task Card_testing_from_one_address_gets_429_after_the_limit()
    {
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("cardtester"));
        await store.SetProductAsync(1, stock: 10);
        await ShopStore.AddToCartAsync(client, 1, "1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // Each try a different declined card, as a card tester would. Each updates the totals for the address first
            // (ShopStore.CheckoutAsync), which spends nothing of the limit.
            var response = await ShopStore.CheckoutAsync(client, ShopStore.TestCard($"4000 0000 0000 {i:0000}"));
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/checkout")).StatusCode);
    }
}
