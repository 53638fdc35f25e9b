using System.Text.Encodings.Web;
using AngleSharp.Html.Parser;
using WebApp.Catalog;
using WebApp.Currency;

namespace WebApp.Tests.Catalog;

/// <summary>The listing tiles are written by code, not Razor: every value must still be encoded as Razor would.</summary>
public sealed class ProductTilesTests
{
    private static readonly ShopperCurrency s_dollars = new("USD", "USD", 1m, null);

    private static AngleSharp.Html.Dom.IHtmlDocument Render(IReadOnlyList<ProductCard> cards, string? token = "tok\"en", string returnUrl = "/search?q=a&b=\"c\"", ShopperCurrency? shopper = null)
    {
        using var html = new StringWriter();
        new ProductTiles(cards, token, returnUrl, shopper ?? s_dollars).WriteTo(html, HtmlEncoder.Default);
        return new HtmlParser().ParseDocument(html.ToString());
    }

    [Fact]
    public void Names_brands_slugs_and_photo_names_are_encoded_so_nothing_a_product_says_becomes_markup()
    {
        var hostile = new ProductCard(7, "Lamp <script>alert(1)</script> & \"Shade\"", "lamp\"><b>x", "Brand <i>B</i>", 1999, 10, 4.5, 12,
            new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), PhotoFile: "a\"b.jpg");

        var doc = Render([hostile]);

        Assert.Empty(doc.QuerySelectorAll("script, b, i"));
        Assert.Equal(hostile.Name, doc.QuerySelector(".product-card-name")!.TextContent);
        Assert.Equal(hostile.BrandName, doc.QuerySelector(".product-card-brand")!.TextContent);
        Assert.Equal(hostile.Url, doc.QuerySelector("a.product-card-link")!.GetAttribute("href"));
        Assert.Equal(hostile.ImageUrl, doc.QuerySelector("img")!.GetAttribute("src"));
        Assert.Equal("Add to cart: " + hostile.Name, doc.QuerySelector("button")!.TextContent);
        Assert.Equal("tok\"en", doc.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.Equal("/search?q=a&b=\"c\"", doc.QuerySelector("input[name=ReturnUrl]")!.GetAttribute("value"));
        Assert.Equal("7", doc.QuerySelector(".product-card button[name=ProductId]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData(0, "Out of stock", "text-danger", false)]
    [InlineData(3, "Only 3 left", "text-warning-emphasis", true)]
    [InlineData(5, "Only 5 left", "text-warning-emphasis", true)]
    [InlineData(6, "In stock", "text-success", true)]
    public void Stock_is_said_in_words_and_only_a_product_in_stock_has_an_add_to_cart_form(int stock, string words, string css, bool form)
    {
        var doc = Render([new ProductCard(1, "Desk", "desk", "Acme", 12_345, stock, 0, 0, DateTime.UnixEpoch)]);

        var status = doc.QuerySelector(".product-card-foot span")!;
        Assert.Equal(words, status.TextContent);
        Assert.Contains(css, status.ClassList);
        Assert.Equal(form, doc.QuerySelector("form[data-cart-form]") is not null);
        Assert.Equal("$123.45", doc.QuerySelector(".price")!.TextContent);
        Assert.Equal("No reviews yet", doc.QuerySelector(".rating")!.TextContent);
    }

    [Fact]
    public void A_tile_says_its_rating_and_its_price_as_the_product_page_does()
    {
        var card = new ProductCard(2, "Chair", "chair", "Acme", 123_456_78, 50, 3.96, 1_234, DateTime.UnixEpoch);

        var doc = Render([card, card with { Id = 3, RatingAverage = 5, RatingCount = 1 }]);

        var ratings = doc.QuerySelectorAll(".rating[role=img]");
        Assert.Equal("Rated 4.0 out of 5 from 1,234 reviews", ratings[0].GetAttribute("aria-label"));
        Assert.Equal("★★★★", ratings[0].QuerySelector(".stars")!.FirstChild!.TextContent);
        Assert.Equal("Rated 5.0 out of 5 from 1 review", ratings[1].GetAttribute("aria-label"));
        using var page = new StringWriter();
        Rating.Html(card.RatingAverage, card.RatingCount).WriteTo(page, HtmlEncoder.Default);
        Assert.Equal(new HtmlParser().ParseDocument(page.ToString()).Body!.InnerHtml, ratings[0].OuterHtml);
        Assert.Equal("$123,456.78", doc.QuerySelector(".price")!.TextContent);
    }

    [Fact]
    public void A_shopper_with_another_currency_sees_the_approximate_price_beside_the_real_one()
    {
        var euros = new ShopperCurrency("EUR", "USD", 0.5m, new DateOnly(2026, 11, 30));

        var doc = Render([new ProductCard(1, "Desk", "desk", "Acme", 10_000, 9, 0, 0, DateTime.UnixEpoch)], shopper: euros);

        var approx = doc.QuerySelector("[data-testid=price-approx]")!;
        Assert.Equal("≈\u00A0approximately €50.00", approx.TextContent);
        Assert.Contains("you pay $100.00 in USD", approx.GetAttribute("title"), StringComparison.Ordinal);
        Assert.StartsWith("$100.00", doc.QuerySelector(".price")!.TextContent, StringComparison.Ordinal);
    }
}
