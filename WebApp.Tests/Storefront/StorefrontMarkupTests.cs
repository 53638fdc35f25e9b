using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Storefront;

/// <summary>
/// The markup that assistive technology and a browser without JavaScript rely on, checked over HTTP; the browser tests
/// check how it behaves.
/// </summary>
public sealed class StorefrontMarkupTests(StoreFactory factory) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Star_ratings_are_labelled_images_and_Add_to_cart_buttons_are_named_by_their_visible_words()
    {
        await factory.SetProductAsync(1, stock: 10);
        var page = await _client.GetDocumentAsync("/search?q=&sort=newest");

        var ratings = page.QuerySelectorAll(".product-card .rating[aria-label]");
        Assert.NotEmpty(ratings);
        Assert.All(ratings, r => Assert.Equal("img", r.GetAttribute("role")));
        Assert.All(ratings, r => Assert.Matches(@"^Rated \d\.\d out of 5 from (?:1 review|(?!1 reviews)[\d,]+ reviews)$", r.GetAttribute("aria-label")!));

        var buttons = page.QuerySelectorAll(".product-card button[name=ProductId]");
        Assert.NotEmpty(buttons);
        foreach (var button in buttons)
        {
            Assert.Null(button.GetAttribute("aria-label"));
            var name = button.Closest(".product-card")!.QuerySelector(".product-card-name")!.TextContent;
            Assert.Equal($"Add to cart: {name}", button.TextContent.Trim());
        }
    }

    [Fact]
    public async Task The_departments_menu_and_the_search_filters_are_details_that_work_without_script()
    {
        var page = await _client.GetDocumentAsync("/search?q=lamp");

        var menu = page.QuerySelector("header nav[aria-label=Departments] details")!;
        Assert.Equal("Departments", menu.QuerySelector("summary")!.TextContent.Trim());
        Assert.True(menu.QuerySelectorAll("a[href^='/categories/']").Length >= 10);
        Assert.False(menu.HasAttribute("open"));

        var filters = page.QuerySelector("aside[aria-label=Filters] > details[data-testid=filter-panel]")!;
        Assert.Equal("Filters", filters.QuerySelector("summary")!.TextContent.Trim());
        Assert.Null(filters.QuerySelector("[data-testid=filters-applied]"));
        Assert.NotNull(filters.QuerySelector("a[data-facet=stock]"));
    }

    [Theory]
    [InlineData("/search?q=lamp&inStock=true", "1 applied")]
    [InlineData("/search?q=lamp&inStock=true&minPrice=5&maxPrice=900", "2 applied")]
    [InlineData("/search?q=lamp&inStock=true&minPrice=5&category=home-kitchen", "3 applied")]
    public async Task The_Filters_control_says_how_many_filters_are_applied(string url, string applied)
    {
        var page = await _client.GetDocumentAsync(url);

        var badge = page.QuerySelector("[data-testid=filter-panel] > summary [data-testid=filters-applied]");
        Assert.NotNull(badge);
        Assert.Equal(applied, badge.TextContent.Trim());
    }

    [Fact]
    public async Task Every_page_has_a_skip_link_to_a_focusable_main_and_one_live_region_for_script_messages()
    {
        foreach (var url in new[] { "/", "/cart", "/account/login", "/no-such-page" })
        {
            var page = await _client.GetDocumentAsync(url);
            var skip = (IHtmlAnchorElement)page.Body!.QuerySelector("a")!;
            Assert.Equal("#main", skip.GetAttribute("href"));
            Assert.Equal("-1", page.QuerySelector("main#main")!.GetAttribute("tabindex"));
            Assert.Single(page.QuerySelectorAll("#live-status[role=status][aria-live=polite]"));
        }
    }
}
