using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebApp.Catalog;
using WebApp.Currency;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Currency;

/// <summary>
/// A price typed in another currency ("headphones under £50") is converted to the store's at the store's rate and is
/// the price filter, said so; without a rate for it, it stays words. It relaxed to every headphone before.
/// </summary>
public sealed class ForeignPriceWordsTests(DisplayCurrencyFixture fixture) : IClassFixture<DisplayCurrencyFixture>
{
    // FakeRatesServer.GoodRates: units per US dollar.
    private static readonly ExchangeRateSet s_rates = new("USD", new DateOnly(2026, 11, 27), DateTime.UtcNow,
        new Dictionary<string, decimal> { ["EUR"] = 0.9132m, ["GBP"] = 0.7851m, ["JPY"] = 151.37m, ["CAD"] = 1.4m });

    private static long Cents(decimal amount, decimal rate) => (long)Math.Round(amount * 100 / rate, MidpointRounding.AwayFromZero);

    [Theory]
    [InlineData("headphones under £50", "headphones", null, 50, "GBP")]
    [InlineData("headphones under 50 GBP", "headphones", null, 50, "GBP")]
    [InlineData("lamp £20 and up", "lamp", 20, null, "GBP")]
    [InlineData("lamp over €30", "lamp", 30, null, "EUR")]
    [InlineData("lamp under 40€", "lamp", null, 40, "EUR")]
    [InlineData("lamp under 40 euros", "lamp", null, 40, "EUR")]
    [InlineData("desk under ¥10000", "desk", null, 10_000, "JPY")]
    [InlineData("desk under 10000 yen", "desk", null, 10_000, "JPY")]
    [InlineData("kettle under CA$60", "kettle", null, 60, "CAD")]
    [InlineData("mug eur 5 to 10", "mug", 5, 10, "EUR")]
    public void A_bound_in_another_currency_is_converted_at_the_stores_rate(string typed, string remaining, int? min, int? max, string currency)
    {
        var read = PriceWords.Read(typed, s_rates)!;

        var rate = s_rates.Rates[currency];
        Assert.Equal(remaining, read.Remaining);
        Assert.Equal(min is null ? null : Cents(min.Value, rate), read.MinCents);
        Assert.Equal(max is null ? null : Cents(max.Value, rate), read.MaxCents);
        Assert.Equal([currency], read.ConvertedFrom);
        Assert.Equal("USD", read.ConvertedTo);
    }

    [Fact]
    public void A_range_takes_its_currency_from_whichever_price_is_marked_and_each_marked_price_its_own()
    {
        Assert.Equal((Cents(20, 0.7851m), Cents(50, 0.7851m)), (PriceWords.Read("lamp £20-50", s_rates)!.MinCents, PriceWords.Read("lamp £20-50", s_rates)!.MaxCents));
        Assert.Equal((Cents(20, 0.9132m), Cents(50, 0.9132m)), (PriceWords.Read("lamp 20-50 €", s_rates)!.MinCents, PriceWords.Read("lamp 20-50 €", s_rates)!.MaxCents));
        var mixed = PriceWords.Read("lamp £20 to $50", s_rates)! with { AppliedMin = true, AppliedMax = true };
        Assert.Equal((Cents(20, 0.7851m), 5_000L), (mixed.MinCents, mixed.MaxCents));
        Assert.Equal(["GBP"], mixed.ConvertedFrom);
        Assert.Equal("“£20 to $50” was read as a price: from $25.47 to $50.00. GBP was converted to USD at the store's exchange rate.", mixed.Notice);
        // Dollars only: nothing converted, nothing said of it.
        Assert.Empty(PriceWords.Read("lamp under $50", s_rates)!.ConvertedFrom);
        Assert.DoesNotContain("converted", PriceWords.Read("lamp under $50", s_rates)!.Notice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_price_in_another_currency_is_offered_converted()
    {
        var read = PriceWords.Read("coffee £25", s_rates)!;

        Assert.Equal(Cents(25, 0.7851m), read.Bare);
        Assert.Equal("coffee", read.Remaining);
        Assert.Equal("“£25” looks like a price, so it was not searched as a word. GBP was converted to USD at the store's exchange rate.", read.Notice);
    }

    [Theory]
    [InlineData("headphones under £50")]   // no rates at all: nothing to convert with
    [InlineData("lamp under 500 SEK")]     // a currency without a rate
    public void Without_a_rate_a_price_in_another_currency_stays_words(string typed)
    {
        var rates = typed.Contains("SEK", StringComparison.Ordinal) ? s_rates : null;

        Assert.Null(PriceWords.Read(typed, rates));
    }

    [Theory]
    [InlineData("dumbbells 20 pounds")]          // a weight as often as money
    [InlineData("eurovision 2024 poster")]
    [InlineData("headphones under 50")]          // no currency at all
    [InlineData("lamp under $9999999999999999999999999999")]    // 28 digits: the sum overflowed into a 500
    [InlineData("lamp under £9999999999999999999999999k")]
    public void What_is_no_price_in_any_currency_is_not_read(string typed) => Assert.Null(PriceWords.Read(typed, s_rates));

    [Fact]
    public async Task The_search_page_and_the_api_filter_by_the_converted_price_and_say_so()
    {
        var store = fixture.Store;
        await store.SetProductAsync(1, stock: 10, priceCents: 4_000);
        var client = store.CreateClient();
        var word = (await client.GetDocumentAsync("/products/1")).QuerySelector("h1")!.TextContent.Split(' ')[0];
        var max = Cents(50, 0.7851m);

        var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(word + " under £50"));

        Assert.Equal(Money.Plain(max), page.QuerySelector("#maxPrice")!.GetAttribute("value"));
        var notice = page.QuerySelector("[data-testid=price-words]")!.TextContent;
        Assert.Contains($"“under £50” was read as a price: up to {Money.Format(max)}.", notice, StringComparison.Ordinal);
        Assert.Contains("GBP was converted to USD at the store's exchange rate.", notice, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".product-card a"), a => a.GetAttribute("href")!.StartsWith("/products/1/", StringComparison.Ordinal));
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));

        var api = await client.GetFromJsonAsync<JsonElement>("/api/v1/products?q=" + Uri.EscapeDataString(word + " under £50"));
        var items = api.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("id").GetInt32() == 1);
        Assert.All(items, i => Assert.True(i.GetProperty("priceCents").GetInt64() <= max));
        Assert.Contains(api.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("GBP was converted to USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suggestions_lead_with_the_search_within_the_converted_price()
    {
        var store = fixture.Store;
        await store.SetProductAsync(1, stock: 10, priceCents: 4_000);
        var client = store.CreateClient();
        var word = (await client.GetDocumentAsync("/products/1")).QuerySelector("h1")!.TextContent.Split(' ')[0].ToLowerInvariant();

        var body = await client.GetFromJsonAsync<JsonElement>("/search/suggest?q=" + Uri.EscapeDataString(word + " under £50"));

        var first = body.GetProperty("suggestions")[0];
        Assert.Equal("price", first.GetProperty("type").GetString());
        Assert.Equal($"{word} up to {Money.Format(Cents(50, 0.7851m))}", first.GetProperty("label").GetString());
        Assert.Equal($"/search?q={word}&maxPrice={Money.Plain(Cents(50, 0.7851m))}", first.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("lamp under $9999999999999999999999999999")]
    [InlineData("lamp under £9999999999999999999999999k")]
    [InlineData("£££ €€€ ¥¥¥ 5")]
    [InlineData("under CA$")]
    public async Task Hostile_prices_answer_200_on_the_page_the_api_and_suggestions(string typed)
    {
        var client = fixture.Store.CreateClient();
        var q = Uri.EscapeDataString(typed);

        foreach (var url in new[] { "/search?q=" + q, "/api/v1/products?q=" + q, "/search/suggest?q=" + q })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_search_page_with_a_converted_price_is_never_stored_so_new_rates_convert_at_once()
    {
        await using var remote = await FakeRatesServer.StartAsync();
        await using var store = new RatesStore(remote.Url);
        Assert.True(await store.RefreshAsync());
        var url = "/search?q=" + Uri.EscapeDataString("lamp under £50");
        string? Status(HttpResponseMessage response) => response.Headers.TryGetValues(CatalogPageCache.StatusHeader, out var v) ? v.Single() : null;
        async Task<(string? Status, string? Max)> AskAsync()
        {
            using var response = await store.CreateClient().GetAsync(url);
            var page = await Html.GetDocumentAsync(response);
            return (Status(response), page.QuerySelector("#maxPrice")!.GetAttribute("value"));
        }

        // Its address is the words, not the filter its links carry (q=lamp&maxPrice=63.69): not the canonical address
        // of any listing, so never stored however often it is asked (CatalogPageCache.StoreOnlyIfCanonical).
        Assert.Equal(("miss", Money.Plain(Cents(50, 0.7851m))), await AskAsync());
        Assert.Equal(("miss", Money.Plain(Cents(50, 0.7851m))), await AskAsync());
        Assert.Equal(("miss", Money.Plain(Cents(50, 0.7851m))), await AskAsync());

        remote.Answer("""{"amount":1.0,"base":"USD","date":"2026-11-28","rates":{"EUR":0.9,"GBP":0.5,"JPY":150.0,"CHF":0.88}}""");
        Assert.True(await store.RefreshAsync());

        Assert.Equal(("miss", "100"), await AskAsync());
    }
}
