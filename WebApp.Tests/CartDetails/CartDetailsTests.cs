using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Pages.Cart;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.CartDetails;

/// <summary>Cart lines with pictures, "Removed X. Undo", and the added-to-cart message's links.</summary>
public sealed class CartDetailsTests(AdminStore store) : IClassFixture<AdminStore>
{
    private async Task<T> DbAsync<T>(Func<StoreDbContext, Task<T>> read)
    {
        using var scope = store.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }

    private static IHtmlFormElement RemoveForm(IHtmlDocument cart, int productId) =>
        (IHtmlFormElement)cart.QuerySelector($"tr[data-product-id='{productId}'] form[action*='handler=Remove']")!;

    private static int QuantityIn(IHtmlDocument cart, int productId) =>
        cart.QuerySelector($"tr[data-product-id='{productId}'] input[name=Quantity]") is IHtmlInputElement input ? int.Parse(input.Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [Fact]
    public async Task Cart_lines_show_the_products_picture_with_an_empty_alt_beside_the_name()
    {
        await store.SetProductAsync(31, stock: 10);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 31);

        var cart = await client.GetDocumentAsync("/cart");
        var image = (IHtmlImageElement)cart.QuerySelector("tr[data-product-id='31'] [data-testid=cart-line-image]")!;
        var tile = (IHtmlImageElement)(await client.GetDocumentAsync("/products/31")).QuerySelector("img.product-image")!;
        Assert.Equal(tile.GetAttribute("src"), image.GetAttribute("src"));   // the same picture rule as the product page and tiles
        Assert.Equal("", image.GetAttribute("alt"));
        Assert.False(string.IsNullOrWhiteSpace(cart.QuerySelector("tr[data-product-id='31'] a")!.TextContent));
    }

    [Fact]
    public async Task Without_script_removing_a_line_says_removed_and_undo_puts_it_back_with_its_quantity()
    {
        await store.SetProductAsync(32, stock: 10);
        await store.SetProductAsync(33, stock: 10);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 32, "4");
        await ShopStore.AddToCartAsync(client, 33, "1");
        var name = await DbAsync(db => db.Products.Where(p => p.Id == 32).Select(p => p.Name).SingleAsync());

        var removed = await Html.GetDocumentAsync(await client.SubmitAsync(RemoveForm(await client.GetDocumentAsync("/cart"), 32)));
        var flash = removed.QuerySelector("[data-testid=flash]")!;
        Assert.Contains($"Removed {name}.", flash.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, QuantityIn(removed, 32));

        var undone = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)flash.QuerySelector("[data-testid=undo-form]")!));
        Assert.Contains($"Put 4 × {name} back", undone.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(4, QuantityIn(undone, 32));
        // Back in its old place: first, as it was added first.
        Assert.Equal("32", undone.QuerySelector("[data-testid=cart-line]")!.GetAttribute("data-product-id"));

        // The same undo again changes nothing: the line is there already.
        var again = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)flash.QuerySelector("[data-testid=undo-form]")!));
        Assert.Equal(4, QuantityIn(again, 32));
    }

    [Fact]
    public async Task In_place_removing_answers_the_cart_fragment_with_removed_and_undo_and_undo_answers_the_restored_cart()
    {
        await store.SetProductAsync(34, stock: 10);
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, 34, "3");

        var request = Html.FormRequest(RemoveForm(await client.GetDocumentAsync("/cart"), 34));
        request.Headers.Add(IndexModel.FragmentHeader, "1");
        var fragment = await Html.GetDocumentAsync(await client.SendAsync(request));
        var message = fragment.QuerySelector("[data-testid=cart-message]")!;
        Assert.Equal("status", message.GetAttribute("role"));
        Assert.StartsWith("Removed ", message.TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(fragment.QuerySelector("[data-testid=cart-empty]"));

        var undo = (IHtmlFormElement)message.QuerySelector("[data-testid=undo-form]")!;
        Assert.NotNull(undo.GetAttribute("data-cart-form"));   // the page's script posts it in place like the other cart forms
        var undoRequest = Html.FormRequest(undo);
        undoRequest.Headers.Add(IndexModel.FragmentHeader, "1");
        var restored = await Html.GetDocumentAsync(await client.SendAsync(undoRequest));
        Assert.Equal(3, QuantityIn(restored, 34));
        Assert.Equal("3", restored.QuerySelector("#cart-contents")!.GetAttribute("data-cart-count"));
    }

    [Fact]
    public async Task Another_shoppers_undo_puts_nothing_in_their_cart_or_in_the_owners()
    {
        await store.SetProductAsync(35, stock: 10);
        var owner = store.CreateClient();
        await ShopStore.AddToCartAsync(owner, 35, "5");
        var removed = await Html.GetDocumentAsync(await owner.SubmitAsync(RemoveForm(await owner.GetDocumentAsync("/cart"), 35)));
        var token = ((IHtmlInputElement)removed.QuerySelector("[data-testid=undo-form] input[name=undo]")!).Value;

        // A stranger with a cart of their own replays the owner's token, then a forged one.
        var stranger = store.CreateClient();
        await store.SetProductAsync(36, stock: 10);
        await ShopStore.AddToCartAsync(stranger, 36, "1");
        var strangerCart = await stranger.GetDocumentAsync("/cart");
        var antiforgery = ((IHtmlInputElement)strangerCart.QuerySelector("input[name=__RequestVerificationToken]")!).Value;
        foreach (var forged in new[] { token, token[..^4] + "AAAA", "not-a-token", "" })
        {
            using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery, ["undo"] = forged });
            var answer = await Html.GetDocumentAsync(await stranger.PostAsync("/cart?handler=Undo", body));
            Assert.Contains("can no longer be put back", answer.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        }
        var after = await stranger.GetDocumentAsync("/cart");
        Assert.Equal(0, QuantityIn(after, 35));
        Assert.Equal(1, QuantityIn(after, 36));
        Assert.Equal(0, QuantityIn(await owner.GetDocumentAsync("/cart"), 35));
    }

    [Fact]
    public async Task The_added_to_cart_message_links_to_the_cart_and_to_checkout()
    {
        await store.SetProductAsync(37, stock: 10);
        var client = store.CreateClient();
        var page = await Html.GetDocumentAsync(await ShopStore.AddToCartAsync(client, 37));
        var links = page.QuerySelectorAll("[data-testid=flash] a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Equal([("View cart", "/cart"), ("Check out", "/checkout")], links);
    }

    [Fact]
    public async Task The_product_page_summarises_shipping_from_configuration_and_links_the_returns_page()
    {
        var page = await store.CreateClient().GetDocumentAsync("/products/38");
        var summary = page.QuerySelector("[data-testid=shipping-summary]")!;
        Assert.Contains("Standard: $4.99, 3-5 working days", summary.TextContent, StringComparison.Ordinal);
        Assert.Contains("Express: $14.99, next working day", summary.TextContent, StringComparison.Ordinal);
        Assert.Equal("/pages/returns", summary.QuerySelector("[data-testid=returns-link]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await store.CreateClient().GetAsync("/pages/returns")).StatusCode);
    }
}
