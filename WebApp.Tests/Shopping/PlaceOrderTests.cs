using Microsoft.Extensions.DependencyInjection;
using WebApp.Cart;
using WebApp.Checkout;

using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Shopping;

/// <summary>The checkout use case called the way an API would call it: plain inputs in, one of its answers out.</summary>
public sealed class PlaceOrderTests(ShopStore store) : IClassFixture<ShopStore>
{
    private const string SiteUrl = "https://store.example";

    private static PlaceOrderRequest CardForm(long quotedSubtotalCents, string number = "4242 4242 4242 4242") => new()
    {
        FullName = " Ada Lovelace ", AddressLine1 = "12 Analytical Row", AddressLine2 = "  ", City = "London", PostalCode = "n1 9gu", Country = "GB",
        Phone = "+44 20 7946 0958", ShippingMethod = "standard", PaymentMethod = "card",
        CardNumber = number, CardExpiry = $"12/{(DateTime.UtcNow.Year + 3) % 100:00}", CardCvc = "123", CardName = "A LOVELACE",
        IdempotencyKey = Guid.NewGuid().ToString("N"), QuotedSubtotalCents = quotedSubtotalCents,
    };

    /// <summary>A shopper with <paramref name="quantity"/> of the product in the cart, put there through the product page.</summary>
    private async Task<(string UserId, string Email, long SubtotalCents)> ShopperWithCartAsync(string prefix, int productId, int quantity)
    {
        var email = ShopStore.NewEmail(prefix);
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, productId, quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (await store.UserIdAsync(email), email, (await store.ProductAsync(productId)).PriceCents * quantity);
    }

    private async Task<PlaceOrderResult> PlaceAsync(string userId, PlaceOrderRequest request)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PlaceOrder>().PlaceAsync(userId, request, SiteUrl);
    }

    private async Task<CartView> CartOfAsync(string userId)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CartService>().LoadForUserAsync(userId);
    }

    [Fact]
    public async Task A_placed_order_takes_stock_empties_the_cart_and_mails_a_link_to_it_once()
    {
        await store.SetProductAsync(1, stock: 10, priceCents: 2_500);
        var (userId, email, subtotal) = await ShopperWithCartAsync("direct", 1, 2);
        var form = CardForm(subtotal);

        var placed = Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(userId, form));

        Assert.False(placed.Repeat);
        Assert.Equal(email, placed.Email);
        var order = Assert.Single(await store.OrdersOfAsync(email));
        Assert.Equal(placed.OrderId, order.Id);
        Assert.Equal(("Ada Lovelace", null, "N1 9GU"), (order.FullName, order.AddressLine2, order.PostalCode));
        Assert.Equal(5_000 + 499 + 1_000, order.TotalCents); // UK VAT 20 % on the goods
        Assert.Equal(8, (await store.ProductAsync(1)).Stock);
        Assert.Empty((await CartOfAsync(userId)).Items);
        Assert.Contains($"{SiteUrl}/orders/{order.Id}", store.MailLink(email, $"/orders/{order.Id}"), StringComparison.Ordinal);

        Assert.Equal(placed with { Repeat = true }, await PlaceAsync(userId, form));
        Assert.Equal(1, store.MailCount(email));
    }

    [Fact]
    public async Task Every_missing_field_is_named_and_nothing_is_placed()
    {
        var invalid = Assert.IsType<PlaceOrderResult.Invalid>(await PlaceAsync("anyone", new PlaceOrderRequest()));

        Assert.Equal(["FullName", "AddressLine1", "Country", "City", "Phone", "ShippingMethod", "PaymentMethod", "IdempotencyKey", "PostalCode"], invalid.Errors.Keys);
        Assert.Equal(["Enter the name of the person receiving the order."], invalid.Errors["FullName"]);
    }

    [Fact]
    public async Task Values_outside_the_lists_and_a_bad_card_are_named_together()
    {
        var form = CardForm(100) with { Country = "XX", ShippingMethod = "teleport", CardNumber = "4242 4242 4242 4241", CardCvc = "1" };

        var invalid = Assert.IsType<PlaceOrderResult.Invalid>(await PlaceAsync("anyone", form));

        Assert.Equal(["We do not ship to that country; choose one from the list."], invalid.Errors["Country"]);
        Assert.Equal(["Choose one of the delivery options."], invalid.Errors["ShippingMethod"]);
        Assert.Equal(["That is not a valid card number; check the digits."], invalid.Errors["CardNumber"]);
        Assert.Equal(["The security code is 3 or 4 digits."], invalid.Errors["CardCvc"]);

        var unknownWay = Assert.IsType<PlaceOrderResult.Invalid>(await PlaceAsync("anyone", CardForm(100) with { PaymentMethod = "bitcoin", CardNumber = null }));
        Assert.Equal(["Choose one of the ways to pay."], Assert.Single(unknownWay.Errors).Value);
    }

    [Fact]
    public async Task Card_fields_do_not_count_when_paying_on_delivery()
    {
        await store.SetProductAsync(2, stock: 10);
        var (userId, email, subtotal) = await ShopperWithCartAsync("cod", 2, 1);

        var result = await PlaceAsync(userId, CardForm(subtotal) with { PaymentMethod = "cod", CardNumber = "nonsense", CardExpiry = null, CardCvc = null });

        Assert.IsType<PlaceOrderResult.Placed>(result);
        Assert.Equal("Pay on delivery", Assert.Single(await store.OrdersOfAsync(email)).PaymentMethod);
    }

    [Fact]
    public async Task A_declined_card_undoes_the_order_and_the_stock_and_keeps_the_cart()
    {
        await store.SetProductAsync(3, stock: 5);
        var (userId, email, subtotal) = await ShopperWithCartAsync("declined", 3, 2);

        var declined = Assert.IsType<PlaceOrderResult.Declined>(await PlaceAsync(userId, CardForm(subtotal, TestCardGateway.InsufficientFundsNumber)));

        Assert.Contains("insufficient funds", declined.Message, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Equal(0, await store.OrderCountForProductAsync(3));
        Assert.Equal(5, (await store.ProductAsync(3)).Stock);
        Assert.Equal(2, Assert.Single((await CartOfAsync(userId)).Items).Quantity);
        Assert.Equal(0, store.MailCount(email));
    }

    [Fact]
    public async Task A_short_line_is_answered_with_what_is_left_and_nothing_is_taken()
    {
        await store.SetProductAsync(4, stock: 10);
        var (userId, email, _) = await ShopperWithCartAsync("short", 4, 3);
        var subtotal = (await CartOfAsync(userId)).SubtotalCents;
        await store.SetProductAsync(4, stock: 1);

        var outOfStock = Assert.IsType<PlaceOrderResult.OutOfStock>(await PlaceAsync(userId, CardForm(subtotal)));

        var line = Assert.Single(outOfStock.Lines);
        Assert.Equal((4, 3, 1), (line.ProductId, line.Requested, line.Available));
        Assert.Equal(1, (await store.ProductAsync(4)).Stock);
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task A_changed_price_answers_with_the_new_quote_and_places_nothing()
    {
        await store.SetProductAsync(6, stock: 10, priceCents: 1_000);
        var (userId, email, subtotal) = await ShopperWithCartAsync("reprice", 6, 2);
        await store.SetProductAsync(6, stock: 10, priceCents: 1_200);

        var changed = Assert.IsType<PlaceOrderResult.PricesChanged>(await PlaceAsync(userId, CardForm(subtotal)));

        Assert.Equal(2_400, changed.Quote.SubtotalCents);
        Assert.Equal(2_400 + 499 + 480, changed.Quote.TotalCents); // UK VAT 20 % on the goods
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.IsType<PlaceOrderResult.Placed>(await PlaceAsync(userId, CardForm(changed.Quote.SubtotalCents)));
    }

    [Fact]
    public async Task An_empty_cart_or_an_unknown_shopper_places_nothing()
    {
        var email = ShopStore.NewEmail("nocart");
        await store.CreateUserAsync(email);

        Assert.IsType<PlaceOrderResult.EmptyCart>(await PlaceAsync(await store.UserIdAsync(email), CardForm(0)));
        Assert.IsType<PlaceOrderResult.UnknownShopper>(await PlaceAsync("no-such-user", CardForm(0)));
    }
}
