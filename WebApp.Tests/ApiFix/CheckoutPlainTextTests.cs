using System.Net;
using WebApp.Tests.Api;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.ApiFix;

/// <summary>Control and text-direction characters in a name or address: one rule, refused by the page and by the API.</summary>
public sealed class CheckoutPlainTextTests(ShopStore store) : IClassFixture<ShopStore>
{
    [Theory]
    [InlineData("Input.FullName", "Ada\u0001Lovelace")]
    [InlineData("Input.AddressLine1", "12 Analytical Row\r\nBcc: victim@example.com")]
    [InlineData("Input.City", "London\u0007")]
    [InlineData("Input.AddressLine2", "Flat \u202E3 eunevA")]
    [InlineData("Input.CardName", "Ada \u2066Lovelace\u2069")]
    [InlineData("Input.FullName", "Ada\u0085Lovelace")]
    public async Task The_checkout_page_refuses_control_and_direction_characters_beside_the_field(string field, string value)
    {
        await store.SetProductAsync(40, stock: 50);
        var email = ShopStore.NewEmail("plain");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 40, "1");
        var values = ShopStore.TestCard();
        values[field] = "PLAIN-TEXT-MARKER";
        // The form as a browser sends it, with the raw characters percent-encoded in the body (the HTML form model
        // would clean some of them up before they ever reached the server).
        var request = await ShopStore.CheckoutRequestAsync(client, values);
        var body = (await request.Content!.ReadAsStringAsync()).Replace("PLAIN-TEXT-MARKER", Uri.EscapeDataString(value), StringComparison.Ordinal);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Contains("no control or text-direction characters", page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
    }

    [Fact]
    public async Task A_nul_in_the_checkout_form_is_refused_before_anything_is_placed()
    {
        await store.SetProductAsync(41, stock: 50);
        var email = ShopStore.NewEmail("nul");
        var client = await store.SignedInClientAsync(email);
        await ShopStore.AddToCartAsync(client, 41, "1");
        var values = ShopStore.TestCard();
        values["Input.FullName"] = "PLAIN-TEXT-MARKER";
        var request = await ShopStore.CheckoutRequestAsync(client, values);
        var body = (await request.Content!.ReadAsStringAsync()).Replace("PLAIN-TEXT-MARKER", "Ada%00Lovelace", StringComparison.Ordinal);
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        // The form's own token check refuses a body with a NUL (400) before the page runs: no browser sends one.
        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await store.OrdersOfAsync(email));
    }
}

public sealed class ApiPlainTextTests(ApiStore store) : IClassFixture<ApiStore>
{
    [Theory]
    [InlineData("fullName", "Ada\u0000Lovelace")]
    [InlineData("addressLine1", "12 Analytical Row\r\nBcc: victim@example.com")]
    [InlineData("city", "London\u0007")]
    [InlineData("fullName", "Ada \u202ELovelace")]
    [InlineData("addressLine1", "\u2067Row 12\u2069")]
    public async Task The_api_refuses_control_and_direction_characters_with_a_field_error(string field, string value)
    {
        var (client, email, _) = await store.BearerClientAsync("plainapi");
        var id = await store.ProductWithStockAsync(40, skip: 33);
        await ApiStore.AddAsync(client, id);
        var body = await ApiStore.OrderBodyAsync(client);
        body[field] = value;

        var problem = await ApiStore.ProblemAsync(await client.SendAsync(ApiStore.Json(HttpMethod.Post, "/api/v1/orders", body, Guid.NewGuid().ToString())), HttpStatusCode.BadRequest);

        Assert.Contains("text-direction", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await store.OrdersOfAsync(email));
    }
}
