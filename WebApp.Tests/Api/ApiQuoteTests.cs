using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;

namespace WebApp.Tests.Api;

/// <summary>
/// An app shows the tax before placing an order: POST /checkout/quote gives the cart's shipping, tax and total for a
/// destination, and an order body's quotedTotalCents agrees to that total. A total the app did not show (an address
/// that adds tax) places nothing. A product the store stopped selling is said so, not "not enough in stock".
/// </summary>
public sealed class ApiQuoteTests(ApiStore store) : IClassFixture<ApiStore>
{
    private static HttpRequestMessage Quote(object body) => ApiStore.Json(HttpMethod.Post, "/api/v1/checkout/quote", body);

    private static HttpRequestMessage Order(object body, string key) => ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, key);

    private static async Task<Dictionary<string, object?>> CaliforniaBodyAsync(HttpClient client)
    {
        var body = await ApiStore.OrderBodyAsync(client);
        (body["country"], body["region"], body["postalCode"], body["city"], body["phone"]) = ("US", "CA", "94103", "San Francisco", "+1 415 555 0100");
        return body;
    }

    [Fact]
    public async Task A_quote_gives_the_tax_of_the_destination_and_an_order_agreeing_to_its_total_is_placed_at_it()
    {
        var (client, email, _) = await store.BearerClientAsync("quote");
        var id = await store.ProductWithStockAsync(40, skip: 70);
        await ApiStore.AddAsync(client, id, 2);
        var subtotal = (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("subtotalCents").GetInt64();

        // Codes in any case, as the order body takes them.
        var quote = await ApiStore.JsonAsync(await client.SendAsync(Quote(new { country = "us", region = "ca", shippingMethod = "Express" })), HttpStatusCode.OK);
        var tax = quote.GetProperty("tax");
        Assert.Equal(("Sales tax", "Sales tax (7.25 %)", 725, false), (tax.GetProperty("name").GetString(), tax.GetProperty("label").GetString(),
            tax.GetProperty("rateBasisPoints").GetInt32(), tax.GetProperty("included").GetBoolean()));
        var taxCents = tax.GetProperty("cents").GetInt64();
        Assert.InRange(taxCents, subtotal * 725 / 10_000, subtotal * 725 / 10_000 + 1);
        // The lines quoted are in the quote, to be shown with its figures.
        var line = Assert.Single(quote.GetProperty("items").EnumerateArray());
        Assert.Equal((id, 2), (line.GetProperty("productId").GetInt32(), line.GetProperty("quantity").GetInt32()));
        Assert.Equal(("express", 2, subtotal, 1_499L, taxCents), (quote.GetProperty("shippingMethod").GetString(), quote.GetProperty("count").GetInt32(),
            quote.GetProperty("subtotalCents").GetInt64(), quote.GetProperty("shippingCents").GetInt64(), quote.GetProperty("taxCents").GetInt64()));
        var total = quote.GetProperty("totalCents").GetInt64();
        Assert.Equal(subtotal + 1_499 + taxCents, total);

        // Oregon has no sales tax here: no tax line, and the total is the goods and the delivery.
        var oregon = await ApiStore.JsonAsync(await client.SendAsync(Quote(new { country = "US", region = "OR" })), HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, oregon.GetProperty("tax").ValueKind);
        Assert.Equal(("standard", subtotal + 499), (oregon.GetProperty("shippingMethod").GetString(), oregon.GetProperty("totalCents").GetInt64()));

        var body = await CaliforniaBodyAsync(client);
        (body["shippingMethod"], body["quotedTotalCents"]) = ("express", total);
        var order = await ApiStore.JsonAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.Created);
        Assert.Equal((total, taxCents), (order.GetProperty("totalCents").GetInt64(), order.GetProperty("taxCents").GetInt64()));
        // The order's tax line names itself as the quote's did, for an app's receipt.
        Assert.Equal(("Sales tax (7.25 %)", 725, taxCents), (order.GetProperty("tax").GetProperty("label").GetString(),
            order.GetProperty("tax").GetProperty("rateBasisPoints").GetInt32(), order.GetProperty("tax").GetProperty("cents").GetInt64()));
        Assert.Single(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task An_order_whose_total_is_not_the_one_agreed_to_places_nothing_and_says_the_new_figures()
    {
        var (client, email, _) = await store.BearerClientAsync("untaxed");
        var id = await store.ProductWithStockAsync(40, skip: 71);
        await ApiStore.AddAsync(client, id);
        var body = await CaliforniaBodyAsync(client);
        var subtotal = (long)body["quotedSubtotalCents"]!;
        // The app showed the goods and delivery only: California adds 7.25 %.
        body["quotedTotalCents"] = subtotal + 499;
        var key = Guid.NewGuid().ToString();

        var problem = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, key)), HttpStatusCode.Conflict);

        Assert.Equal(("total-changed", "Total changed"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        var total = problem.GetProperty("totalCents").GetInt64();
        Assert.Equal(subtotal + 499 + problem.GetProperty("taxCents").GetInt64(), total);
        Assert.True(problem.GetProperty("taxCents").GetInt64() > 0);
        Assert.Equal("Sales tax (7.25 %)", problem.GetProperty("tax").GetProperty("label").GetString());
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Equal(40, await store.StockAsync(id));

        // Shown the new total, the shopper agrees; the key refused before payment may be used again.
        body["quotedTotalCents"] = total;
        var order = await ApiStore.JsonAsync(await client.SendAsync(Order(body, key)), HttpStatusCode.Created);
        Assert.Equal(total, order.GetProperty("totalCents").GetInt64());
        Assert.Equal(39, await store.StockAsync(id));
    }

    [Fact]
    public async Task A_quote_with_an_unknown_country_region_or_delivery_option_is_a_400_naming_the_field()
    {
        var client = store.AppClient();

        var country = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { country = "ZZ" })), HttpStatusCode.BadRequest);
        Assert.True(country.GetProperty("errors").TryGetProperty("country", out _));
        var missing = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { })), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("country", out _));
        var noState = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { country = "US" })), HttpStatusCode.BadRequest);
        Assert.Contains("state", noState.GetProperty("errors").GetProperty("region")[0].GetString(), StringComparison.Ordinal);
        var badState = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { country = "CA", region = "Texas" })), HttpStatusCode.BadRequest);
        Assert.True(badState.GetProperty("errors").TryGetProperty("region", out _));
        // A region for a country whose addresses have none was dropped without a word (left as found in session 49).
        var region = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { country = "gb", region = "Greater London" })), HttpStatusCode.BadRequest);
        Assert.Equal("Addresses in the United Kingdom have no region: leave region out.", region.GetProperty("errors").GetProperty("region")[0].GetString());
        var delivery = await ApiStore.ProblemAsync(await client.SendAsync(Quote(new { country = "GB", shippingMethod = "drone" })), HttpStatusCode.BadRequest);
        Assert.True(delivery.GetProperty("errors").TryGetProperty("shippingMethod", out _));
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/checkout/quote", "{\"country\":")), HttpStatusCode.BadRequest);
        await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Raw(HttpMethod.Post, "/api/v1/checkout/quote", "country=GB", "text/plain")), HttpStatusCode.UnsupportedMediaType);

        // An empty cart has nothing to quote: it read "$4.99", the delivery alone (session 49's review).
        var empty = await client.SendAsync(Quote(new { country = "GB" }));
        Assert.Equal("empty-cart", (await ApiStore.ProblemAsync(empty, HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_order_with_a_region_its_country_has_none_of_is_a_400_and_places_nothing()
    {
        var (client, email, _) = await store.BearerClientAsync("region");
        await ApiStore.AddAsync(client, await store.ProductWithStockAsync(40, skip: 69));
        var body = await ApiStore.OrderBodyAsync(client);
        (body["country"], body["region"]) = ("GB", "Greater London");

        var problem = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);

        Assert.StartsWith("Addresses in the United Kingdom have no region", problem.GetProperty("errors").GetProperty("region")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
        body["region"] = " ";
        await ApiStore.JsonAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_quote_is_the_shoppers_own_and_no_cache_keeps_it()
    {
        var (client, _, _) = await store.BearerClientAsync("nostore");
        await ApiStore.AddAsync(client, await store.ProductWithStockAsync(40, skip: 73));
        using var quote = await client.SendAsync(Quote(new { country = "GB" }));
        await ApiStore.JsonAsync(quote, HttpStatusCode.OK);
        Assert.True(quote.Headers.CacheControl?.NoStore, "the quote of a shopper's cart carried no Cache-Control");
    }

    [Fact]
    public async Task An_order_agreeing_to_the_quoted_lines_is_not_placed_for_other_lines_at_the_same_total()
    {
        var (client, email, _) = await store.BearerClientAsync("swapped");
        var (quoted, swapped) = (await store.ProductWithStockAsync(40, skip: 74), await store.ProductWithStockAsync(40, skip: 75));
        await store.SetProductAsync(quoted, 40, priceCents: 2_990);
        await store.SetProductAsync(swapped, 40, priceCents: 2_990);
        await ApiStore.AddAsync(client, quoted);
        var quote = await ApiStore.JsonAsync(await client.SendAsync(Quote(new { country = "GB" })), HttpStatusCode.OK);
        var body = await ApiStore.OrderBodyAsync(client);
        (body["quotedTotalCents"], body["quotedLines"]) = (quote.GetProperty("totalCents").GetInt64(), quote.GetProperty("linesKey").GetString());
        Assert.Equal(quote.GetProperty("linesKey").GetString(), (await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("linesKey").GetString());

        // Another device swaps the product for one at the same price: the same subtotal and total, other goods. Placed
        // and charged until session 49's review.
        await client.DeleteAsync($"/api/v1/cart/items/{quoted}");
        await ApiStore.AddAsync(client, swapped);
        var key = Guid.NewGuid().ToString();
        var problem = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, key)), HttpStatusCode.Conflict);

        Assert.Equal("cart-changed", problem.GetProperty("code").GetString());
        Assert.Equal(quote.GetProperty("totalCents").GetInt64(), problem.GetProperty("totalCents").GetInt64());
        var linesNow = problem.GetProperty("linesKey").GetString();
        Assert.NotEqual(quote.GetProperty("linesKey").GetString(), linesNow);
        Assert.Empty(await store.OrdersOfAsync(email));
        Assert.Equal(40, await store.StockAsync(swapped));

        // Shown the cart again, the shopper agrees to it.
        body["quotedLines"] = linesNow;
        var order = await ApiStore.JsonAsync(await client.SendAsync(Order(body, key)), HttpStatusCode.Created);
        Assert.Equal(swapped, order.GetProperty("lines")[0].GetProperty("productId").GetInt32());

        // A quantity changed elsewhere is said as a changed cart, with the new key, not as changed prices.
        await ApiStore.AddAsync(client, quoted);
        var twice = await ApiStore.JsonAsync(await client.SendAsync(Quote(new { country = "GB" })), HttpStatusCode.OK);
        var twiceBody = await ApiStore.OrderBodyAsync(client);
        (twiceBody["quotedTotalCents"], twiceBody["quotedLines"]) = (twice.GetProperty("totalCents").GetInt64(), twice.GetProperty("linesKey").GetString());
        (await client.SendAsync(ApiStore.Json(HttpMethod.Put, $"/api/v1/cart/items/{quoted}", new { quantity = 2 }))).EnsureSuccessStatusCode();
        var more = await ApiStore.ProblemAsync(await client.SendAsync(Order(twiceBody, Guid.NewGuid().ToString())), HttpStatusCode.Conflict);
        Assert.Equal("cart-changed", more.GetProperty("code").GetString());
        Assert.Equal((await ApiStore.JsonAsync(await client.GetAsync("/api/v1/cart"), HttpStatusCode.OK)).GetProperty("linesKey").GetString(), more.GetProperty("linesKey").GetString());
        Assert.Equal(JsonValueKind.Object, more.GetProperty("tax").ValueKind);

        // A quotedLines longer than any key is a field error, not a conflict.
        await ApiStore.AddAsync(client, quoted);
        var bad = await ApiStore.OrderBodyAsync(client);
        bad["quotedLines"] = new string('a', 65);
        Assert.True((await ApiStore.ProblemAsync(await client.SendAsync(Order(bad, Guid.NewGuid().ToString())), HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("quotedLines", out _));
    }

    [Fact]
    public async Task Two_prices_moved_to_the_same_subtotal_are_caught_by_the_quoted_lines()
    {
        var (client, email, _) = await store.BearerClientAsync("offset");
        var (a, b) = (await store.ProductWithStockAsync(40, skip: 76), await store.ProductWithStockAsync(40, skip: 77));
        await store.SetProductAsync(a, 40, priceCents: 1_999);
        await store.SetProductAsync(b, 40, priceCents: 1_999);
        await ApiStore.AddAsync(client, a);
        await ApiStore.AddAsync(client, b);
        var quote = await ApiStore.JsonAsync(await client.SendAsync(Quote(new { country = "US", region = "CA" })), HttpStatusCode.OK);
        var body = await ApiStore.OrderBodyAsync(client);
        (body["country"], body["region"], body["postalCode"], body["phone"]) = ("US", "CA", "94103", "+1 415 555 0100");
        (body["quotedTotalCents"], body["quotedLines"]) = (quote.GetProperty("totalCents").GetInt64(), quote.GetProperty("linesKey").GetString());

        // One dearer, one cheaper by as much: the subtotal, the tax and the total stay; the lines' prices do not. A card
        // was charged $20.99 and $18.99 for lines shown at $19.99 (session 49's second review).
        await store.SetProductAsync(a, 40, priceCents: 2_099);
        await store.SetProductAsync(b, 40, priceCents: 1_899);
        var problem = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.Conflict);

        Assert.Equal("prices-changed", problem.GetProperty("code").GetString());
        Assert.Equal(quote.GetProperty("totalCents").GetInt64(), problem.GetProperty("totalCents").GetInt64());
        Assert.NotEqual(quote.GetProperty("linesKey").GetString(), problem.GetProperty("linesKey").GetString());
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task A_product_no_longer_sold_is_said_so_not_short_of_stock()
    {
        var (client, email, _) = await store.BearerClientAsync("retired");
        var id = await store.ProductWithStockAsync(40, skip: 72);
        await ApiStore.AddAsync(client, id);
        var body = await ApiStore.OrderBodyAsync(client);
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }

        var problem = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.Conflict);

        // It was "Not enough in stock" with available 0, as if a lower quantity would do (left as found in session 48).
        Assert.Equal(("not-sold", "No longer sold"), (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString()));
        var line = problem.GetProperty("lines")[0];
        Assert.Equal((id, false), (line.GetProperty("productId").GetInt32(), line.GetProperty("sold").GetBoolean()));
        Assert.EndsWith("is no longer sold. Remove it from your cart.", line.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task The_409s_of_an_order_are_the_conflict_the_document_describes()
    {
        var (client, _, _) = await store.BearerClientAsync("typed");
        var (priced, retired) = (await store.ProductWithStockAsync(40, skip: 78), await store.ProductWithStockAsync(40, skip: 79));
        await store.SetProductAsync(priced, 40, priceCents: 1_500);
        await ApiStore.AddAsync(client, priced);
        var body = await ApiStore.OrderBodyAsync(client);
        await store.SetProductAsync(priced, 40, priceCents: 1_600);
        var figures = await ApiStore.ProblemAsync(await client.SendAsync(Order(body, Guid.NewGuid().ToString())), HttpStatusCode.Conflict);
        Assert.Equal("prices-changed", figures.GetProperty("code").GetString());
        await client.DeleteAsync($"/api/v1/cart/items/{priced}");
        await ApiStore.AddAsync(client, retired);
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == retired).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }
        var lines = await ApiStore.ProblemAsync(await client.SendAsync(Order(await ApiStore.OrderBodyAsync(client), Guid.NewGuid().ToString())), HttpStatusCode.Conflict);
        Assert.Equal("not-sold", lines.GetProperty("code").GetString());

        // The document typed every 409 as a plain problem, the figures and lines in prose (left as found in session 49).
        var document = await ApiStore.JsonAsync(await store.AppClient().GetAsync("/openapi/v1.json"), HttpStatusCode.OK);
        var conflict = document.GetProperty("paths").GetProperty("/api/v1/orders").GetProperty("post").GetProperty("responses").GetProperty("409")
            .GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
        Assert.Equal("#/components/schemas/OrderConflict", conflict.GetProperty("$ref").GetString());
        var schemas = document.GetProperty("components").GetProperty("schemas");
        AssertDescribes(schemas.GetProperty("OrderConflict"), figures);
        AssertDescribes(schemas.GetProperty("OrderConflict"), lines);
        AssertDescribes(schemas.GetProperty("QuoteTax"), figures.GetProperty("tax"));
        AssertDescribes(schemas.GetProperty("ConflictLine"), lines.GetProperty("lines")[0]);
        Assert.Contains("ConflictLine", schemas.GetProperty("OrderConflict").GetProperty("properties").GetProperty("lines").ToString(), StringComparison.Ordinal);
    }

    // Every member the answer has is described (bar the traceId every problem may carry), and every required one is there.
    private static void AssertDescribes(JsonElement schema, JsonElement answer)
    {
        var described = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var members = answer.EnumerateObject().Select(p => p.Name).Where(n => n != "traceId").ToHashSet();
        Assert.Subset(described, members);
        var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
        Assert.Subset(members, required);
    }
}
