using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Security;

/// <summary>
/// Session 28's outside review, fuzzing what a shopper can type into search: U+FFFE (a noncharacter) made .NET's
/// Unicode normalization throw in the query parser, a 500 on the search page, the page cache's key, suggestions and
/// the API. Each address here answers as any other search does.
/// </summary>
public sealed class SearchInputReviewTests(AttackStore store) : IClassFixture<AttackStore>
{
    [Theory]
    [InlineData("/search?q=%EF%BF%BE", "text/html")]
    [InlineData("/search?q=lamp%EF%BF%BE", "text/html")]
    [InlineData("/search?q=%22lamp%EF%BF%BE%22", "text/html")]
    [InlineData("/search?q=-%EF%BF%BE", "text/html")]
    [InlineData("/search?q=%EF%BF%BE&sort=relevance", "text/html")]
    [InlineData("/search?q=%EF%BF%BF%EF%B7%90%F0%9F%BF%BE", "text/html")]
    [InlineData("/search/suggest?q=la%EF%BF%BEmp", "application/json")]
    [InlineData("/api/v1/products?q=%EF%BF%BE", "application/json")]
    public async Task A_noncharacter_in_the_search_text_is_a_space_not_a_500(string url, string type)
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            var response = await store.CreateClient().SendAsync(new HttpRequestMessage(method, url));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_word_beside_a_noncharacter_is_still_searched()
    {
        var client = store.CreateClient();
        // A word of a product the store has, searched alone and with U+FFFE after it.
        using var all = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/v1/products"));
        var word = all.RootElement.GetProperty("items")[0].GetProperty("name").GetString()!.Split(' ')[^1].ToLowerInvariant();
        var plain = await client.GetStringAsync($"/api/v1/products?q={word}");
        var beside = await client.GetStringAsync($"/api/v1/products?q={word}%EF%BF%BE");

        // The same products (the links echo the address as asked).
        static string[] Ids(string json) => [.. System.Text.RegularExpressions.Regex.Matches(json, "\"id\":([0-9]+)").Select(m => m.Groups[1].Value)];
        Assert.NotEmpty(Ids(plain));
        Assert.Equal(Ids(plain), Ids(beside));
    }
}
