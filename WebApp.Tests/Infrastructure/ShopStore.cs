using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Tests.Infrastructure;

/// <summary>A store for cart, checkout and order tests, with helpers that act as a shopper would (through the pages).</summary>
public sealed class ShopStore : StoreFactory
{
    protected override int SeedProducts => 80;

    public static readonly Dictionary<string, string> Address = new()
    {
        ["Input.FullName"] = "Ada Lovelace",
        ["Input.AddressLine1"] = "12 Analytical Row",
        ["Input.City"] = "London",
        ["Input.PostalCode"] = "N1 9GU",
        ["Input.Country"] = "GB",
        ["Input.Phone"] = "+44 20 7946 0958",
        ["Input.ShippingMethod"] = "standard",
    };

    public static Dictionary<string, string> TestCard(string number = "4242 4242 4242 4242") => new(Address)
    {
        ["Input.PaymentMethod"] = "card",
        ["Input.CardNumber"] = number,
        ["Input.CardExpiry"] = "12/" + ((DateTime.UtcNow.Year + 3) % 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
        ["Input.CardCvc"] = "123",
        ["Input.CardName"] = "A LOVELACE",
    };

    public static Dictionary<string, string> PayOnDelivery() => new(Address) { ["Input.PaymentMethod"] = "cod" };

    public async Task<(int Stock, long PriceCents)> ProductAsync(int id)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => new ValueTuple<int, long>(p.Stock, p.PriceCents)).SingleAsync();
    }

    public async Task<List<Order>> OrdersOfAsync(string email)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.History).Where(o => o.Email == email).OrderBy(o => o.Id).ToListAsync();
    }

    public async Task<string> UserIdAsync(string email)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    public async Task<int> OrderCountForProductAsync(int productId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        return await db.OrderLines.CountAsync(l => l.ProductId == productId);
    }

    /// <summary>Adds to the cart with the product page's own form, without script (post-redirect-get).</summary>
    public static async Task<HttpResponseMessage> AddToCartAsync(HttpClient client, int productId, string quantity = "1")
    {
        var page = await client.GetDocumentAsync($"/products/{productId}");
        var form = (IHtmlFormElement)page.QuerySelector("form.add-to-cart")!;
        return await client.SubmitAsync(form, new Dictionary<string, string> { ["Quantity"] = quantity });
    }

    /// <summary>
    /// The checkout form, filled with <paramref name="values"/>, as a request ready to send (once or several times). As a
    /// shopper does, the totals are updated for the address first when it changes where the goods go: the page then shows
    /// the tax the order will charge, which is what placing it agrees to.
    /// </summary>
    /// <param name="updateTotals">False to place with the totals the page opened with, as a shopper who never pressed "Update the totals".</param>
    public static async Task<HttpRequestMessage> CheckoutRequestAsync(HttpClient client, IDictionary<string, string> values, bool updateTotals = true)
    {
        var page = await client.GetDocumentAsync("/checkout");
        Assert.Equal("/checkout", new Uri(page.Url).AbsolutePath);
        var form = (IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!;
        if (updateTotals && values.Keys.Any(k => k is "Input.Country" or "Input.Region"))
        {
            var totals = Html.FormRequest(form, values, page.QuerySelector("[data-testid=update-totals]") as IHtmlElement);
            page = await Html.GetDocumentAsync(await client.SendAsync(totals));
            form = (IHtmlFormElement)page.QuerySelector("form[data-testid=checkout-form]")!;
        }
        return Html.FormRequest(form, values);
    }

    public static async Task<HttpResponseMessage> CheckoutAsync(HttpClient client, IDictionary<string, string> values, bool updateTotals = true) =>
        await client.SendAsync(await CheckoutRequestAsync(client, values, updateTotals));

    /// <summary>The order id a successful checkout redirected to.</summary>
    public static int OrderIdOf(HttpResponseMessage response)
    {
        var path = response.RequestMessage!.RequestUri!.AbsolutePath;
        if (response.StatusCode != HttpStatusCode.OK || !path.StartsWith("/orders/", StringComparison.Ordinal))
        {
            var page = Html.GetDocumentAsync(response).GetAwaiter().GetResult();
            var messages = string.Join(" | ", page.QuerySelectorAll(".text-danger, .alert").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
            Assert.Fail($"Expected an order page, got {(int)response.StatusCode} {path}: {messages}");
        }
        return int.Parse(path["/orders/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<int> HeaderCountAsync(HttpClient client) =>
        int.Parse((await client.GetDocumentAsync("/cart")).QuerySelector("[data-testid=cart-link] [data-cart-count]")!.TextContent, System.Globalization.CultureInfo.InvariantCulture);
}
