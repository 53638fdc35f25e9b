using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

public sealed class ReviewRateLimitTests(RateLimitedReviewStore store) : IClassFixture<RateLimitedReviewStore>
{
    [Fact]
    public async Task Review_posts_past_the_limit_are_refused_with_429_and_write_nothing()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        var form = (IHtmlFormElement)page.QuerySelector("main form")!;
        var values = new Dictionary<string, string> { ["Input.Stars"] = "3", ["Input.Title"] = "Edit", ["Input.Body"] = "Again and again", ["Input.AuthorName"] = "Flood" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await client.SubmitAsync(form, values)).StatusCode);
        values["Input.Title"] = "Past the limit";
        var refused = await client.SubmitAsync(form, values);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal("Edit", Assert.Single(await store.ReviewsOfAsync(productId)).Title);
        // Reading is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(await store.ProductUrlAsync(productId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/reviews/write/{productId}")).StatusCode);
    }
}
