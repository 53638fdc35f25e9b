using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.OutputCaching;

public sealed class CatalogPageCacheTests(PageCacheStore store) : IClassFixture<PageCacheStore>
{
    private static string? CacheStatus(HttpResponseMessage response) =>
        response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var values) ? values.Single() : null;

    private static string CartCount(IHtmlDocument page) => page.QuerySelector("[data-testid=cart-link] [data-cart-count]")!.TextContent;

    [Fact]
    public async Task An_anonymous_category_page_is_rendered_once_then_served_from_the_cache_to_the_next_visitor()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?sort=price-asc&maxPrice=90001";
        var (hits, misses) = (store.Cache.Hits, store.Cache.Misses);

        using var first = await store.CreateClient().GetAsync(url);
        using var second = await store.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("miss", CacheStatus(first));
        Assert.Equal("hit", CacheStatus(second));
        Assert.Equal(misses + 1, store.Cache.Misses);
        Assert.Equal(hits + 1, store.Cache.Hits);
        var (a, b) = (await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.DoesNotContain(CatalogPageCache.TokenPlaceholder, b, StringComparison.Ordinal);
        Assert.DoesNotContain(CatalogPageCache.CartCountPlaceholder, b, StringComparison.Ordinal);
        // The same listing, but each visitor's own antiforgery token in its forms.
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var tokens = new[] { a, b }.Select(html => parser.ParseDocument(html).QuerySelector("form[data-cart-form] input[name=__RequestVerificationToken]")!.GetAttribute("value")).ToList();
        Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t)));
        Assert.NotEqual(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task Home_and_product_pages_are_cached_for_anonymous_visitors_too()
    {
        var product = (await store.CreateClient().GetDocumentAsync("/")).QuerySelector(".product-card a")!.GetAttribute("href")!;
        // Home has one copy (other tests may have stored it already); a product page is first seen here, and stored from
        // its second request (most of a large catalogue's products are asked for once: storing each pushed out the
        // pages that are asked for again).
        using var home = await store.CreateClient().GetAsync("/");
        using var homeAgain = await store.CreateClient().GetAsync("/");
        Assert.True(CacheStatus(home) is "miss" or "hit");
        Assert.Equal("hit", CacheStatus(homeAgain));
        using var first = await store.CreateClient().GetAsync(product);
        using var second = await store.CreateClient().GetAsync(product);
        using var third = await store.CreateClient().GetAsync(product);
        Assert.Equal(("miss", "miss", "hit"), (CacheStatus(first), CacheStatus(second), CacheStatus(third)));
    }

    [Fact]
    public async Task Marketing_tags_and_made_up_parameters_share_the_pages_cached_copy()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=90003";
        using var first = await store.CreateClient().GetAsync(url);
        using var tagged = await store.CreateClient().GetAsync(url + "&utm_source=newsletter&gclid=abc123&r=" + Guid.NewGuid());
        Assert.Equal(("miss", "hit"), (CacheStatus(first), CacheStatus(tagged)));
    }

    [Fact]
    public async Task A_signed_in_shopper_is_never_served_the_shared_page_and_their_page_is_never_stored()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var email = StoreFactory.NewEmail("cached");
        var shopper = await store.SignedInClientAsync(email);

        // The shopper renders a URL first: nobody may get their page from the cache afterwards.
        var url = department + "?sort=newest&maxPrice=90004";
        using var theirs = await shopper.GetAsync(url);
        Assert.Null(CacheStatus(theirs));
        Assert.Contains(email, (await Html.GetDocumentAsync(theirs)).QuerySelector("[data-testid=signed-in-as]")!.TextContent, StringComparison.Ordinal);

        using var anonymous = await store.CreateClient().GetAsync(url);
        Assert.Equal("miss", CacheStatus(anonymous));
        Assert.Null((await Html.GetDocumentAsync(anonymous)).QuerySelector("[data-testid=signed-in-as]"));

        // Now the URL is cached for anonymous visitors, and the shopper still gets a page of their own.
        using var again = await store.CreateClient().GetAsync(url);
        Assert.Equal("hit", CacheStatus(again));
        var hits = store.Cache.Hits;
        using var theirsAgain = await shopper.GetAsync(url);
        Assert.Null(CacheStatus(theirsAgain));
        Assert.Equal(hits, store.Cache.Hits);
        Assert.NotNull((await Html.GetDocumentAsync(theirsAgain)).QuerySelector("[data-testid=signed-in-as]"));
    }

    [Fact]
    public async Task Any_sign_in_cookie_even_a_forged_one_bypasses_the_cache()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?maxPrice=90005";
        await store.CreateClient().GetAsync(url);
        var hits = store.Cache.Hits;

        using var forged = await store.CreateClient().GetWithCookieAsync(url, ".WebApp.Auth=forged-value");

        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Null(CacheStatus(forged));
        Assert.Equal(hits, store.Cache.Hits);
    }

    [Fact]
    public async Task Two_visitors_add_to_cart_from_the_same_cached_listing_each_with_their_own_token_and_count()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?sort=price-asc&maxPrice=90006";
        await store.CreateClient().GetAsync(url);
        var (alice, bob) = (store.CreateClient(), store.CreateClient());

        using var alicePage = await alice.GetAsync(url);
        using var bobPage = await bob.GetAsync(url);
        Assert.Equal(("hit", "hit"), (CacheStatus(alicePage), CacheStatus(bobPage)));
        var aliceForm = (IHtmlFormElement)(await Html.GetDocumentAsync(alicePage)).QuerySelector("form[data-cart-form]")!;
        var bobForm = (IHtmlFormElement)(await Html.GetDocumentAsync(bobPage)).QuerySelector("form[data-cart-form]")!;

        // Without script: the post redirects back to the listing with the flash and the new count.
        using var aliceAdded = await alice.SubmitAsync(aliceForm);
        using var bobAdded = await bob.SubmitAsync(bobForm);
        var bobFormAgain = (IHtmlFormElement)(await bob.GetDocumentAsync(url)).QuerySelector("form[data-cart-form]")!;
        using var bobAddedAgain = await bob.SubmitAsync(bobFormAgain, submitButton: (IHtmlElement)bobFormAgain.QuerySelectorAll("button[name=ProductId]")[1]);

        var alicePageAfter = await Html.GetDocumentAsync(aliceAdded);
        Assert.Contains("Added", alicePageAfter.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", CartCount(alicePageAfter));
        Assert.Equal("2", CartCount(await Html.GetDocumentAsync(bobAddedAgain)));

        // Back on the cached listing (served from the cache), each sees their own count.
        using var aliceLater = await alice.GetAsync(url);
        using var bobLater = await bob.GetAsync(url);
        Assert.Equal(("hit", "hit"), (CacheStatus(aliceLater), CacheStatus(bobLater)));
        Assert.Equal("1", CartCount(await Html.GetDocumentAsync(aliceLater)));
        Assert.Equal("2", CartCount(await Html.GetDocumentAsync(bobLater)));
        Assert.Equal("0", CartCount(await store.CreateClient().GetDocumentAsync(url)));
    }

    [Fact]
    public async Task A_token_from_another_visitors_cached_page_is_refused()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?sort=price-desc&maxPrice=90007";
        await store.CreateClient().GetAsync(url);
        var (victim, attacker) = (store.CreateClient(), store.CreateBrowserlessClient());
        var victimForm = (IHtmlFormElement)(await victim.GetDocumentAsync(url)).QuerySelector("form[data-cart-form]")!;
        await attacker.GetAsync(url);

        using var forged = await attacker.SubmitAsync(victimForm);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task With_script_the_add_answers_json_and_the_cached_page_then_shows_the_count()
    {
        var (department, _) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = department + "?maxPrice=90008";
        await store.CreateClient().GetAsync(url);
        var client = store.CreateClient();
        var form = (IHtmlFormElement)(await client.GetDocumentAsync(url)).QuerySelector("form[data-cart-form]")!;
        var request = Html.FormRequest(form);
        request.Headers.Accept.ParseAdd("application/json");

        using var added = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        using var later = await client.GetAsync(url);
        Assert.Equal("hit", CacheStatus(later));
        Assert.Equal("1", CartCount(await Html.GetDocumentAsync(later)));
    }

    [Fact]
    public async Task Editing_a_product_evicts_its_page_and_the_listings_that_show_it_but_not_other_departments()
    {
        var client = store.CreateClient();
        var (department, leaf) = await PageCacheStore.ListingsAsync(client);
        var listing = leaf + "?sort=newest&maxPrice=90009";
        var productUrl = (await client.GetDocumentAsync(listing)).QuerySelector(".product-card a")!.GetAttribute("href")!;
        var id = int.Parse(productUrl.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        var departmentListing = department + "?sort=newest&maxPrice=90009";
        var otherDepartment = (await client.GetDocumentAsync("/")).QuerySelectorAll("[data-testid=department-menu] a")
            .Select(a => a.GetAttribute("href")!).First(href => href != department) + "?maxPrice=90009";
        foreach (var url in new[] { listing, productUrl, departmentListing, otherDepartment })
        {
            // Twice: a product page is stored from its second request.
            await store.CreateClient().GetAsync(url);
            await store.CreateClient().GetAsync(url);
            Assert.Equal("hit", CacheStatus(await store.CreateClient().GetAsync(url)));
        }

        await store.SetProductAsync(id, stock: 50, priceCents: 123_457);

        var price = Money.Format(123_457);
        foreach (var url in new[] { listing, productUrl })
        {
            using var fresh = await store.CreateClient().GetAsync(url);
            Assert.Equal("miss", CacheStatus(fresh));
            Assert.Contains(price, await fresh.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal("miss", CacheStatus(await store.CreateClient().GetAsync(departmentListing)));
        Assert.Equal("hit", CacheStatus(await store.CreateClient().GetAsync(otherDepartment)));
    }

    [Fact]
    public async Task An_order_evicts_the_product_page_and_the_listings_only_when_what_they_say_about_stock_changes()
    {
        var client = store.CreateClient();
        var (_, leaf) = await PageCacheStore.ListingsAsync(client);
        var listing = leaf + "?sort=price-desc&maxPrice=90010";
        var productUrl = (await client.GetDocumentAsync(listing)).QuerySelector(".product-card a")!.GetAttribute("href")!;
        var id = int.Parse(productUrl.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        await store.SetProductAsync(id, stock: 40);
        async Task<(string? Listing, string? Product)> StatusesAsync() =>
            (CacheStatus(await store.CreateClient().GetAsync(listing)), CacheStatus(await store.CreateClient().GetAsync(productUrl)));
        // Twice: a product page is stored from its second request.
        await StatusesAsync();
        await StatusesAsync();
        Assert.Equal(("hit", "hit"), await StatusesAsync());

        // 40 -> 39: still "In stock" on the listing, which stays cached; the product page (it shows the quantity limit) goes.
        await store.SellStockAsync(id, 39);
        Assert.Equal(("hit", "miss"), await StatusesAsync());

        // The last one sold: the listing must stop offering it at once.
        await store.SellStockAsync(id, 0);
        using var listingNow = await store.CreateClient().GetAsync(listing);
        Assert.Equal("miss", CacheStatus(listingNow));
        var card = (await Html.GetDocumentAsync(listingNow)).QuerySelectorAll(".product-card")
            .Single(c => c.QuerySelector("a")!.GetAttribute("href") == productUrl);
        Assert.Contains("Out of stock", card.TextContent, StringComparison.Ordinal);
        Assert.Null(card.QuerySelector("button[name=ProductId]"));
        await store.SetProductAsync(id, stock: 40);
    }

    [Fact]
    public async Task A_page_waiting_with_a_flash_message_is_rendered_for_that_visitor_alone()
    {
        var (_, leaf) = await PageCacheStore.ListingsAsync(store.CreateClient());
        var url = leaf + "?sort=newest&maxPrice=90011";
        await store.CreateClient().GetAsync(url);
        var client = store.CreateClient();
        var form = (IHtmlFormElement)(await client.GetDocumentAsync(url)).QuerySelector("form[data-cart-form]")!;

        using var added = await client.SubmitAsync(form);

        Assert.Null(CacheStatus(added));
        Assert.NotNull((await Html.GetDocumentAsync(added)).QuerySelector("[data-testid=flash]"));
        Assert.Null((await store.CreateClient().GetDocumentAsync(url)).QuerySelector("[data-testid=flash]"));
    }
}
