using System.Net;

namespace WebApp.Tests.Observability;

/// <summary>
/// /metrics behind a proxy on loopback: the TCP peer of every proxied request is 127.0.0.1, so these requests pretend
/// to be nginx passing on a client, or a client pretending to be one.
/// </summary>
public sealed class ProxiedMetricsAccessTests(ProxiedMetricsStore store) : IClassFixture<ProxiedMetricsStore>
{
    private readonly HttpClient _client = store.CreateKestrelClient();

    private async Task<HttpResponseMessage> MetricsAsync(params (string Header, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        foreach (var (header, value) in headers) request.Headers.TryAddWithoutValidation(header, value);
        return await _client.SendAsync(request);
    }

    private static async Task AssertHiddenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("# TYPE", body, StringComparison.Ordinal);
        Assert.DoesNotContain("webapp_", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_client_through_the_proxy_gets_404_although_the_proxy_is_on_loopback() =>
        await AssertHiddenAsync(await MetricsAsync(("X-Forwarded-For", "203.0.113.7")));

    [Fact]
    public async Task A_remote_client_claiming_to_be_loopback_before_the_proxy_gets_404() =>
        // nginx appends the address it saw: what the client wrote comes first and is not believed.
        await AssertHiddenAsync(await MetricsAsync(("X-Forwarded-For", "127.0.0.1, 203.0.113.7")));

    [Fact]
    public async Task A_forwarded_request_whose_client_cannot_be_read_gets_404()
    {
        await AssertHiddenAsync(await MetricsAsync(("X-Forwarded-For", "not-an-address")));
        await AssertHiddenAsync(await MetricsAsync(("X-Real-IP", "203.0.113.7")));
        await AssertHiddenAsync(await MetricsAsync(("Forwarded", "for=203.0.113.7")));
    }

    [Fact]
    public async Task A_forged_original_for_header_does_not_pass_for_the_proxy_middleware() =>
        await AssertHiddenAsync(await MetricsAsync(("X-Forwarded-For", "203.0.113.7"), ("X-Original-For", "127.0.0.1:5000")));

    [Fact]
    public async Task A_client_in_an_allowed_network_may_read_metrics_through_the_proxy()
    {
        var response = await MetricsAsync(("X-Forwarded-For", "10.1.2.3"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scraper_on_the_machine_itself_may_read_metrics() =>
        Assert.Equal(HttpStatusCode.OK, (await MetricsAsync()).StatusCode);
}
