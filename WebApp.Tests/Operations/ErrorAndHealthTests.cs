using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Operations;

public sealed class ErrorPageTests(StoreFactory factory) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = factory.CreateBrowserlessClient();

    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/products/abc")]
    [InlineData("/products/999999999")]
    [InlineData("/products/99999999999999999999")]
    [InlineData("/products/-1")]
    [InlineData("/categories/no-such-category")]
    [InlineData("/categories/%27%22%3Cscript%3E")]
    public async Task Unknown_routes_and_ids_get_the_styled_404_page(string url)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("header .store-name"));
    }

    [Fact]
    public async Task Unexpected_errors_get_a_500_page_with_a_request_id_and_no_stack_trace()
    {
        var response = await _client.GetAsync("/__test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Equal("Something went wrong", page.QuerySelector("h1")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("[data-testid=request-id]")!.TextContent));
        var html = page.DocumentElement.OuterHtml;
        Assert.DoesNotContain("secret detail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_endpoint_is_healthy_while_the_process_answers()
    {
        var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
