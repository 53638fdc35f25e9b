using System.Net;

namespace WebApp.Tests.Api;

/// <summary>A catalogue with more products than 10,000 pages of one hold.</summary>
public sealed class DeepApiStore : ApiStore
{
    protected override int SeedProducts => 10_050;
}

public sealed class ApiDeepPagingTests(DeepApiStore store) : IClassFixture<DeepApiStore>
{
    [Fact]
    public async Task A_list_longer_than_ten_thousand_pages_says_how_far_its_pages_reach()
    {
        var client = store.AppClient();

        // The last link stopped at page 10,000 and nothing said why (an outside review, session 45).
        var capped = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/products?pageSize=1"), HttpStatusCode.OK);
        Assert.Equal(10_050, capped.GetProperty("total").GetInt32());
        Assert.Contains("page=10000&", capped.GetProperty("links").GetProperty("last").GetString(), StringComparison.Ordinal);
        Assert.Contains(capped.GetProperty("notices").EnumerateArray(), n => n.GetString()!.StartsWith("Only the first 10,000 pages can be read", StringComparison.Ordinal));

        var whole = await ApiStore.JsonAsync(await client.GetAsync("/api/v1/products?pageSize=2"), HttpStatusCode.OK);
        Assert.DoesNotContain(whole.GetProperty("notices").EnumerateArray(), n => n.GetString()!.StartsWith("Only the first", StringComparison.Ordinal));
    }
}
