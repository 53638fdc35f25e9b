using System.Net;
using AngleSharp.Html.Dom;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Commerce;

public sealed class SavedAddressTests(CommerceStore store) : IClassFixture<CommerceStore>
{
    private static readonly Dictionary<string, string> Toronto = new(ShopStore.PayOnDelivery())
    {
        ["Input.FullName"] = "Grace Hopper", ["Input.AddressLine1"] = "1 Front St W", ["Input.City"] = "Toronto",
        ["Input.Region"] = "ON", ["Input.PostalCode"] = "m5j2x5", ["Input.Country"] = "CA", ["Input.Phone"] = "+1 416 555 0100",
    };

    [Fact]
    public async Task The_last_address_is_offered_at_the_next_checkout_and_listed_in_the_account()
    {
        await store.SetProductAsync(50, stock: 20);
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("saved"));
        await ShopStore.AddToCartAsync(client, 50);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, Toronto));

        await ShopStore.AddToCartAsync(client, 50);
        var checkout = await client.GetDocumentAsync("/checkout");
        var form = (IHtmlFormElement)checkout.QuerySelector("form[data-testid=checkout-form]")!;
        Assert.Equal(("Grace Hopper", "Toronto", "M5J 2X5", "CA", "ON"),
            (Value(form, "Input.FullName"), Value(form, "Input.City"), Value(form, "Input.PostalCode"), Value(form, "Input.Country"), Value(form, "Input.Region")));

        var list = await client.GetDocumentAsync("/account/manage/addresses");
        var saved = Assert.Single(list.QuerySelectorAll("[data-testid=saved-address]"));
        Assert.Contains("Toronto ON M5J 2X5", saved.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ordering_to_a_second_address_keeps_both_and_the_newest_comes_first()
    {
        await store.SetProductAsync(51, stock: 20);
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("two"));
        await ShopStore.AddToCartAsync(client, 51);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, Toronto));
        // The checkout starts from Toronto (13 % HST); sending a UK address instead shows its VAT first, then places.
        await ShopStore.AddToCartAsync(client, 51);
        var changed = await Html.GetDocumentAsync(await ShopStore.CheckoutAsync(client, ShopStore.PayOnDelivery(), updateTotals: false));
        Assert.Contains("VAT (20 %) applies to this address", changed.QuerySelector("[data-testid=checkout-errors]")!.TextContent, StringComparison.Ordinal);
        ShopStore.OrderIdOf(await client.SubmitAsync((IHtmlFormElement)changed.QuerySelector("form[data-testid=checkout-form]")!));
        await ShopStore.AddToCartAsync(client, 51);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, ShopStore.PayOnDelivery()));

        var list = await client.GetDocumentAsync("/account/manage/addresses");
        var addresses = list.QuerySelectorAll("[data-testid=saved-address]");
        Assert.Equal(2, addresses.Length);
        Assert.Contains("London", addresses[0].TextContent, StringComparison.Ordinal);
        await ShopStore.AddToCartAsync(client, 51);
        var checkout = await client.GetDocumentAsync("/checkout");
        var other = checkout.QuerySelectorAll("[data-testid=saved-addresses] a").Single(a => a.TextContent.Contains("Toronto", StringComparison.Ordinal));
        var picked = await client.GetDocumentAsync(other.GetAttribute("href")!);
        Assert.Equal("Toronto", Value((IHtmlFormElement)picked.QuerySelector("form[data-testid=checkout-form]")!, "Input.City"));
    }

    [Fact]
    public async Task A_customer_deletes_a_saved_address_and_it_is_no_longer_offered()
    {
        await store.SetProductAsync(52, stock: 20);
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("delete"));
        await ShopStore.AddToCartAsync(client, 52);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(client, Toronto));

        var list = await client.GetDocumentAsync("/account/manage/addresses");
        var deleted = await Html.GetDocumentAsync(await client.SubmitAsync((IHtmlFormElement)list.QuerySelector("[data-testid=saved-address] form")!));

        Assert.Empty(deleted.QuerySelectorAll("[data-testid=saved-address]"));
        Assert.NotNull(deleted.QuerySelector("[data-testid=no-addresses]"));
        await ShopStore.AddToCartAsync(client, 52);
        var checkout = await client.GetDocumentAsync("/checkout");
        Assert.Equal("", Value((IHtmlFormElement)checkout.QuerySelector("form[data-testid=checkout-form]")!, "Input.FullName"));
    }

    [Fact]
    public async Task Another_customers_address_cannot_be_deleted_or_used_and_answers_404()
    {
        await store.SetProductAsync(53, stock: 20);
        var owner = await store.SignedInClientAsync(StoreFactory.NewEmail("owner"));
        await ShopStore.AddToCartAsync(owner, 53);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(owner, Toronto));
        var ownerList = await owner.GetDocumentAsync("/account/manage/addresses");
        var ownerForm = (IHtmlFormElement)ownerList.QuerySelector("[data-testid=saved-address] form")!;
        var id = System.Text.RegularExpressions.Regex.Match(ownerForm.Action, @"[?&]id=(\d+)").Groups[1].Value;

        // The attacker posts their own valid form (their antiforgery token) aimed at the owner's address id.
        var attacker = await store.SignedInClientAsync(StoreFactory.NewEmail("attacker"));
        await ShopStore.AddToCartAsync(attacker, 53);
        ShopStore.OrderIdOf(await ShopStore.CheckoutAsync(attacker, ShopStore.PayOnDelivery()));
        var attackerList = await attacker.GetDocumentAsync("/account/manage/addresses");
        var attackerForm = (IHtmlFormElement)attackerList.QuerySelector("[data-testid=saved-address] form")!;
        var attack = Html.FormRequest(attackerForm);
        attack.RequestUri = new Uri(attack.RequestUri!, $"/account/manage/addresses?handler=Delete&id={id}");
        Assert.Equal(HttpStatusCode.NotFound, (await attacker.SendAsync(attack)).StatusCode);

        await ShopStore.AddToCartAsync(attacker, 53);
        var checkout = await attacker.GetDocumentAsync($"/checkout?address={id}");
        Assert.Equal("Ada Lovelace", Value((IHtmlFormElement)checkout.QuerySelector("form[data-testid=checkout-form]")!, "Input.FullName"));
        Assert.Single((await owner.GetDocumentAsync("/account/manage/addresses")).QuerySelectorAll("[data-testid=saved-address]"));
    }

    [Fact]
    public async Task Deleting_without_the_forms_token_is_refused()
    {
        var client = await store.SignedInClientAsync(StoreFactory.NewEmail("csrf"));
        var response = await client.PostAsync("/account/manage/addresses?handler=Delete&id=1", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Value(IHtmlFormElement form, string name) => form[name] switch
    {
        IHtmlInputElement input => input.Value,
        IHtmlSelectElement select => select.Value ?? "",
        _ => throw new ArgumentException(name),
    };
}
