using System.Net;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Guest;

/// <summary>Someone without the mail tries to open a guest's order: every try reads exactly like an order that does not exist.</summary>
public sealed class GuestLinkAttackTests(GuestStore store) : IClassFixture<GuestStore>
{
    private async Task<(int OrderId, string Link, string Email)> GuestOrderAsync(int productId)
    {
        await store.SetProductAsync(productId, stock: 5);
        var email = StoreFactory.NewEmail("victim");
        var client = store.CreateClient();
        await ShopStore.AddToCartAsync(client, productId);
        var orderId = await GuestStore.GuestOrderIdOf(await GuestStore.GuestCheckoutAsync(client, email, ShopStore.PayOnDelivery()));
        return (orderId, GuestStore.GuestLinkIn(store.Mail(email, $"order #{orderId}")), email);
    }

    private static string TokenOf(string link) => link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];

    private static async Task AssertNotFoundAsync(HttpClient client, string path, string email)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(email, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_or_missing_token_answers_404_without_the_order()
    {
        var (orderId, link, email) = await GuestOrderAsync(21);
        var token = TokenOf(link);
        var attacker = store.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync(link)).StatusCode);

        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        foreach (var path in new[]
        {
            $"/guest/orders/{orderId}",
            $"/guest/orders/{orderId}?token=",
            $"/guest/orders/{orderId}?token={flipped}",
            $"/guest/orders/{orderId}?token={token[..^2]}",
            $"/guest/orders/{orderId}?token={token}AA",
            $"/guest/orders/{orderId}?token=%00%27--",
            $"/guest/orders/{orderId}?token={new string('A', 5000)}",
            $"/guest/orders/{orderId}?token={orderId}",
        })
        {
            await AssertNotFoundAsync(attacker, path, email);
        }
    }

    [Fact]
    public async Task A_valid_token_opens_only_the_order_it_was_made_for()
    {
        var (firstId, firstLink, _) = await GuestOrderAsync(22);
        var (secondId, _, secondEmail) = await GuestOrderAsync(23);
        var attacker = store.CreateBrowserlessClient();

        await AssertNotFoundAsync(attacker, $"/guest/orders/{secondId}?token={TokenOf(firstLink)}", secondEmail);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync(firstLink)).StatusCode);
    }

    [Fact]
    public async Task Walking_order_ids_finds_nothing_and_every_miss_looks_the_same()
    {
        var (orderId, link, email) = await GuestOrderAsync(24);
        var token = TokenOf(link);
        var attacker = store.CreateBrowserlessClient();
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        for (var id = Math.Max(1, orderId - 5); id <= orderId + 5; id++)
        {
            foreach (var query in new[] { "", "?token=" + token[..^1] + "x", id == orderId ? "?token=x" : "?token=" + token })
            {
                var response = await attacker.GetAsync($"/guest/orders/{id}{query}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(email, body, StringComparison.Ordinal);
                bodies.Add(System.Text.RegularExpressions.Regex.Replace(body, "name=\"__RequestVerificationToken\"[^>]*>|Request id[^<]*", ""));
            }
        }
        Assert.Single(bodies);
        // The order pages behind sign-in do not open a guest's order either.
        var signedIn = await store.SignedInClientAsync(StoreFactory.NewEmail("nosy"));
        Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync($"/orders/{orderId}")).StatusCode);
    }

    [Fact]
    public async Task A_forged_claim_post_without_the_token_or_from_another_account_claims_nothing()
    {
        var (orderId, link, _) = await GuestOrderAsync(25);
        var other = StoreFactory.NewEmail("other");
        var client = await store.SignedInClientAsync(other);
        var page = await client.GetDocumentAsync(link);
        Assert.NotNull(page.QuerySelector("[data-testid=claim-refused]"));
        Assert.Null(page.QuerySelector("[data-testid=claim-order]"));
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? await WebApp.Tests.Admin.AdminOrderData.TokenAsync(client, "/account/manage");

        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery });
        var forged = await client.PostAsync($"{link}&handler=Claim", form);
        Assert.Contains("cannot be added", (await Html.GetDocumentAsync(forged)).QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        var noToken = await store.CreateBrowserlessClient().PostAsync($"/guest/orders/{orderId}?handler=Claim", new FormUrlEncodedContent([]));
        Assert.True(noToken.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"got {noToken.StatusCode}");
        Assert.Null((await store.OrderAsync(orderId)).UserId);
    }
}
