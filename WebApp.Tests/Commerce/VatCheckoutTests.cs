using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Commerce;

/// <summary>The store set to VAT-style prices: the shopper pays the price shown and the receipt says how much of it is tax.</summary>
public sealed class VatCheckoutTests(VatStore store) : IClassFixture<VatStore>
{
    [Fact]
    public async Task A_UK_order_pays_the_shown_prices_and_states_the_VAT_they_include()
    {
        await store.SetProductAsync(40, stock: 10, priceCents: 12_000);
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("vat"));
        await ShopStore.AddToCartAsync(client, 40);

        var response = await ShopStore.CheckoutAsync(client, ShopStore.PayOnDelivery());

        var page = await Html.GetDocumentAsync(response);
        var order = await store.OrderAsync(ShopStore.OrderIdOf(response));
        // 120.00 includes 20.00 of VAT (120 x 20/120); the total is the price plus shipping, nothing added.
        Assert.Equal((12_000L, 2_000L, 12_499L, true), (order.SubtotalCents, order.TaxCents, order.TotalCents, order.TaxIncluded));
        Assert.Equal("$124.99", page.QuerySelector("[data-testid=order-total]")!.TextContent);
        Assert.Contains("Includes VAT (20 %)", page.QuerySelector("[data-testid=order-tax]")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_US_order_from_a_VAT_style_store_pays_the_shown_price_with_no_tax_line()
    {
        await store.SetProductAsync(41, stock: 10, priceCents: 5_000);
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("vatus"));
        await ShopStore.AddToCartAsync(client, 41);

        var response = await ShopStore.CheckoutAsync(client, new Dictionary<string, string>(ShopStore.PayOnDelivery())
        {
            ["Input.Country"] = "US", ["Input.Region"] = "OR", ["Input.PostalCode"] = "97201", ["Input.City"] = "Portland",
        });

        var order = await store.OrderAsync(ShopStore.OrderIdOf(response));
        Assert.Equal((0L, 5_499L), (order.TaxCents, order.TotalCents));
    }

    [Fact]
    public async Task Every_page_says_prices_include_tax()
    {
        await store.SetProductAsync(42, stock: 10);
        var client = store.CreateClient();
        var product = await client.GetDocumentAsync("/products/42");
        Assert.Contains("incl. tax", product.QuerySelector("[data-testid=tax-note]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Prices include tax", product.QuerySelector("footer [data-testid=tax-statement]")!.TextContent, StringComparison.Ordinal);
        await ShopStore.AddToCartAsync(client, 42);
        var cart = await client.GetDocumentAsync("/cart");
        Assert.Contains("Prices include tax", cart.QuerySelector("[data-testid=cart-tax-note]")!.TextContent, StringComparison.Ordinal);
    }
}
