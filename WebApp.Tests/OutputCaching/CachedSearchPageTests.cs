using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

/// <summary>Search result pages share the catalogue pages' output cache: plain answers only, anonymous visitors only.</summary>
public sealed class CachedSearchPageTests(PageCacheStore store) : IClassFixture<PageCacheStore>
{
    private static string? CacheStatus(HttpResponseMessage response) => PageCacheStore.CacheStatus(response);

    private static string Token(IHtmlDocument page) =>
        page.QuerySelector("form[data-cart-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    // A word of the first product's name on the home page: a search that finds something.
    private async Task<(string Word, int ProductId)> KnownWordAsync()
    {
        var card = (await store.CreateClient().GetDocumentAsync("/")).QuerySelector(".product-card a")!;
        var id = int.Parse(card.GetAttribute("href")!.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var word = card.QuerySelector(".product-card-name")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string([.. w.Where(char.IsLetter)])).First(w => w.Length >= 4).ToLowerInvariant();
        return (word, id);
    }

    [Fact]
    public async Task A_plain_search_is_rendered_once_and_the_next_visitor_gets_the_stored_page_with_their_own_token()
    {
        var (word, _) = await KnownWordAsync();
        var url = $"/search?q={word}&sort=price-asc";
        var (first, second) = (store.CreateClient(), store.CreateClient());

        // A search is stored when it is asked for again (one-off searches would only churn the cache).
        using var rendered = await first.GetAsync(url);
        using var again = await store.CreateClient().GetAsync(url);
        using var stored = await second.GetAsync(url);

        Assert.Equal(("miss", "miss", "hit"), (CacheStatus(rendered), CacheStatus(again), CacheStatus(stored)));
        Assert.Matches("^fill;dur=[0-9.]+;desc=\"hit\"$", stored.Headers.GetValues("Server-Timing").Single());
        var (a, b) = (await Html.GetDocumentAsync(rendered), await Html.GetDocumentAsync(stored));
        Assert.Equal(a.QuerySelectorAll(".product-card a").Select(x => x.GetAttribute("href")), b.QuerySelectorAll(".product-card a").Select(x => x.GetAttribute("href")));
        Assert.NotEqual(Token(a), Token(b));
        Assert.DoesNotContain(CatalogPageCache.TokenPlaceholder, b.Source.Text, StringComparison.Ordinal);

        // The stored page's form is the second visitor's own: it adds to their cart, without script.
        using var added = await second.SubmitAsync((IHtmlFormElement)b.QuerySelector("form[data-cart-form]")!);
        var after = await Html.GetDocumentAsync(added);
        Assert.Contains("Added", after.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", after.QuerySelector("[data-testid=cart-link] [data-cart-count]")!.TextContent);
    }

    [Fact]
    public async Task A_shared_page_is_stored_without_the_templates_indentation_and_reads_the_same()
    {
        var (word, _) = await KnownWordAsync();
        var url = $"/search?q={word}&sort=newest";
        var member = await store.SignedInClientAsync(ShopStore.NewEmail("indent"));

        var own = await (await member.GetAsync(url)).Content.ReadAsStringAsync();
        using var shared = await store.CreateClient().GetAsync(url);
        var html = await shared.Content.ReadAsStringAsync();

        Assert.Contains("\n    <", own, StringComparison.Ordinal);
        Assert.DoesNotContain("\n ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n", html, StringComparison.Ordinal);
        Assert.True(html.Length < own.Length * 0.9, $"{html.Length} bytes shared, {own.Length} for one shopper");
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        string Names(string page) => string.Join("|", parser.ParseDocument(page).QuerySelectorAll(".product-card-name").Select(n => n.TextContent.Trim()));
        Assert.Equal(Names(own), Names(html));
        Assert.NotEmpty(Names(html));
    }

    [Fact]
    public async Task Searches_that_find_nothing_or_are_corrected_are_rendered_every_time()
    {
        var (word, _) = await KnownWordAsync();
        // Nothing matches (recorded for the shop owner on each try); a typo is corrected or loosened (the vocabulary
        // may still be loading): neither is stored.
        foreach (var url in new[] { "/search?q=qxzvwplk", $"/search?q={word[..^1]}x{word[^1]}" })
        {
            using var first = await store.CreateClient().GetAsync(url);
            using var again = await store.CreateClient().GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(("miss", "miss"), (CacheStatus(first), CacheStatus(again)));
        }
    }

    [Fact]
    public async Task A_stream_of_one_off_searches_stores_nothing()
    {
        var (word, _) = await KnownWordAsync();
        var client = store.CreateClient();
        for (var i = 1; i <= 40; i++) await client.GetAsync($"/search?q={word}&maxPrice={95000 + i}");

        // Each asked for once: none was stored, so each is rendered again when asked for the second time.
        Assert.Equal("miss", CacheStatus(await client.GetAsync($"/search?q={word}&maxPrice=95001")));
        Assert.Equal("hit", CacheStatus(await client.GetAsync($"/search?q={word}&maxPrice=95001")));
    }

    [Fact]
    public async Task A_signed_in_shoppers_search_is_neither_served_from_nor_stored_in_the_shared_cache()
    {
        var (word, _) = await KnownWordAsync();
        var url = $"/search?q={word}&sort=newest";
        var member = await store.SignedInClientAsync(ShopStore.NewEmail("search-cache"));

        using var own = await member.GetAsync(url);
        using var anonymous = await store.CreateClient().GetAsync(url);
        using var ownAgain = await member.GetAsync(url);

        Assert.Null(CacheStatus(own));
        Assert.Equal("miss", CacheStatus(anonymous));
        Assert.Null(CacheStatus(ownAgain));
    }

    [Fact]
    public async Task Editing_a_product_evicts_stored_searches_and_a_stock_move_that_changes_nothing_shown_keeps_them()
    {
        var (word, id) = await KnownWordAsync();
        var url = $"/search?q={word}&sort=rating";
        await store.SetProductAsync(id, stock: 60);
        await store.CreateClient().GetAsync(url);
        await store.CreateClient().GetAsync(url);
        Assert.Equal("hit", CacheStatus(await store.CreateClient().GetAsync(url)));

        // An order of one: still "In stock", the same counts.
        await store.SellStockAsync(id, 59);
        Assert.Equal("hit", CacheStatus(await store.CreateClient().GetAsync(url)));

        await store.SetProductAsync(id, stock: 59, priceCents: 98_765);
        using var fresh = await store.CreateClient().GetAsync(url);
        Assert.Equal("miss", CacheStatus(fresh));
        Assert.Contains(Money.Format(98_765), await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returning_visitor_keeps_one_token_and_a_forged_antiforgery_cookie_gets_a_new_cookie_and_token()
    {
        var (word, _) = await KnownWordAsync();
        var url = $"/search?q={word}&sort=price-desc";
        await store.CreateClient().GetAsync(url);
        var cookieName = store.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        var visitor = store.CreateClient();
        // The first visit issues the cookie; from its return on, the token made for it is remembered and handed out again.
        await visitor.GetDocumentAsync(url);
        var firstToken = Token(await visitor.GetDocumentAsync(url));
        Assert.Equal(firstToken, Token(await visitor.GetDocumentAsync(url)));

        var forged = new HttpRequestMessage(HttpMethod.Get, url);
        forged.Headers.Add("Cookie", $"{cookieName}=CfDJ8forged{Guid.NewGuid():N}");
        using var response = await store.CreateBrowserlessClient().SendAsync(forged);

        Assert.Equal("hit", CacheStatus(response));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(cookieName + "=", StringComparison.Ordinal));
        var forgedToken = Token(await Html.GetDocumentAsync(response));
        Assert.NotEqual(firstToken, forgedToken);
    }
}
