using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.CartDetails;

public sealed class BackInStockRateLimitTests(RateLimitedShopStore store) : IClassFixture<RateLimitedShopStore>
{
    [Fact]
    public async Task Notify_requests_from_one_address_are_limited_while_the_product_page_still_opens()
    {
        await store.SetProductAsync(5, stock: 0);
        var client = store.CreateClient();
        var form = (IHtmlFormElement)(await client.GetDocumentAsync("/products/5")).QuerySelector("[data-testid=notify-form]")!;

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var response = await client.SendAsync(Html.FormRequest(form, new Dictionary<string, string> { ["Notify.Email"] = StoreFactory.NewEmail("flood") }));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/products/5")).StatusCode);
    }
}
