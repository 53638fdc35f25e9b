using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WebApp.Catalog;
using WebApp.Currency;
using WebApp.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    // Rounded inward: a converted "under £50" is never above £50, "over £20" never below £20.
    private static long Down(decimal amount, decimal rate) => (long)Math.Floor(amount * 100 / rate);

    private static long Up(decimal amount, decimal rate) => (long)Math.Ceiling(amount * 100 / rate);

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
        Assert.Equal(min is null ? null : Up(min.Value, rate), read.MinCents);
        Assert.Equal(max is null ? null : Down(max.Value, rate), read.MaxCents);
        Assert.Equal([currency], read.ConvertedFrom);
        Assert.Equal("USD", read.ConvertedTo);
    }

    [Fact]
    public void A_range_takes_its_currency_from_whichever_price_is_marked_and_each_marked_price_its_own()
    {
        Assert.Equal((Up(20, 0.7851m), Down(50, 0.7851m)), (PriceWords.Read("lamp £20-50", s_rates)!.MinCents, PriceWords.Read("lamp £20-50", s_rates)!.MaxCents));
        Assert.Equal((Up(20, 0.9132m), Down(50, 0.9132m)), (PriceWords.Read("lamp 20-50 €", s_rates)!.MinCents, PriceWords.Read("lamp 20-50 €", s_rates)!.MaxCents));
        var mixed = PriceWords.Read("lamp £20 to $50", s_rates)! with { AppliedMin = true, AppliedMax = true };
        Assert.Equal((Up(20, 0.7851m), 5_000L), (mixed.MinCents, mixed.MaxCents));
        Assert.Equal(["GBP"], mixed.ConvertedFrom);
        Assert.Equal("“£20 to $50” was read as a price: from $25.48 to $50.00. GBP was converted to USD at the store's exchange rate.", mixed.Notice);
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
    [InlineData("headphones under £50", "headphones", "GBP")]   // no rates at all: nothing to convert with
    [InlineData("lamp under 500 SEK", "lamp", "SEK")]           // a currency without a rate
    [InlineData("lamp SEK 500", "lamp", "SEK")]
    [InlineData("lamp SEK 200 to 500", "lamp", "SEK")]
    public void Without_a_rate_a_price_in_another_currency_leaves_the_words_unused_and_says_why(string typed, string remaining, string currency)
    {
        // As words it widened to 200 g chocolate and the like (a second review, session 40).
        var read = PriceWords.Read(typed, currency == "GBP" ? null : s_rates)!;

        Assert.Equal(remaining, read.Remaining);
        Assert.Equal((null, null, null), (read.MinCents, read.MaxCents, read.Bare));
        Assert.Equal([currency], read.Unconverted);
        Assert.EndsWith($"looks like a price, but the store has no exchange rate for {currency} at hand, so it was not used.", read.Notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dumbbells 20 pounds")]          // a weight as often as money
    [InlineData("eurovision 2024 poster")]
    [InlineData("headphones under 50")]          // no currency at all
    [InlineData("lamp under $1 234,56")]       // Europe's shape in dollars: no price, nor its "$1" or "234,56" alone
    [InlineData("lamp under $9999999999999999999999999999")]    // 28 digits: the sum overflowed into a 500
    [InlineData("lamp under £9999999999999999999999999k")]
    public void What_is_no_price_in_any_currency_is_not_read(string typed) => Assert.Null(PriceWords.Read(typed, s_rates));

    [Theory]
    [InlineData("lamp under €49,99", 49.99, "EUR")]        // as most who type € write a price (an outside review, session 40)
    [InlineData("lamp under €1.000", 1000, "EUR")]
    [InlineData("lamp under €1.000,00", 1000, "EUR")]
    [InlineData("lamp under 1.250,50 €", 1250.50, "EUR")]
    [InlineData("desk under ¥5.000", 5000, "JPY")]
    [InlineData("desk under ￥10000", 10000, "JPY")]       // full-width, from a Japanese keyboard
    [InlineData("lamp under ￡50", 50, "GBP")]
    [InlineData("laptop under €1,5k", 1500, "EUR")]
    public void Europes_ways_of_writing_a_price_and_full_width_signs_are_read_in_another_currency(string typed, double amount, string currency)
    {
        var read = PriceWords.Read(typed, s_rates)!;

        Assert.Equal(Down((decimal)amount, s_rates.Rates[currency]), read.MaxCents);
        Assert.Equal([currency], read.ConvertedFrom);
    }

    [Theory]
    [InlineData("lamp under $49,99")]      // dollars are written 49.99: no price, as before
    [InlineData("lamp under $1.000")]
    public void European_shapes_in_dollars_are_no_price(string typed) => Assert.Null(PriceWords.Read(typed, s_rates));

    [Theory]
    [InlineData("laptop 2000 eur", "laptop")]
    [InlineData("laptop usd 2000", "laptop")]
    [InlineData("lamp eur 2024 black", "lamp black")]
    public void A_round_number_beside_a_code_is_a_price_alone(string typed, string remaining)
    {
        // A rule that took a year beside a code for no price ("calendar eur 2024") left "laptop 2000 aud" as words that
        // found nothing and widened to jeans (a second review, session 40): a price alone costs the words nothing.
        var read = PriceWords.Read(typed, s_rates)!;

        Assert.Equal(remaining, read.Remaining);
        Assert.NotNull(read.Bare);
    }

    [Fact]
    public void A_price_alone_is_offered_inward_either_way_and_a_bound_below_a_cent_is_a_cent()
    {
        // "lamp £50" offered "up to $63.69", a cent over £50, where "under £50" is up to $63.68 (a second review).
        var bare = PriceWords.Read("lamp £50", s_rates)!;
        Assert.Equal((Down(50, 0.7851m), Up(50, 0.7851m)), (bare.Bare, bare.BareFrom));
        Assert.Equal((Down(1234.56m, 0.9132m), Up(1234.56m, 0.9132m)), (PriceWords.Read("lamp 1 234,56 €", s_rates)!.Bare, PriceWords.Read("lamp 1 234,56 €", s_rates)!.BareFrom));
        Assert.Equal("lamp", PriceWords.Read("lamp 1 234,56 €", s_rates)!.Remaining);
        Assert.Equal(Down(1500, 0.9132m), PriceWords.Read("lamp under 1 500,00 €", s_rates)!.MaxCents);
        // "under ¥1" widened to 686 products when it was no price; up to a cent finds what a shopper expects.
        Assert.Equal(1L, PriceWords.Read("lamp under ¥1", s_rates)!.MaxCents);
        Assert.Null(PriceWords.Read("lamp under $0", s_rates));
    }

    [Fact]
    public void A_range_with_a_price_in_a_currency_without_a_rate_keeps_its_other_price_and_says_why()
    {
        // "lamp £20 to $50" with no pound rate lost the range, read "$50" alone and relaxed to 5,247 lamps (an outside
        // review, session 40); before pounds were read at all it was $20-$50.
        var withoutPounds = s_rates with { Rates = new Dictionary<string, decimal> { ["EUR"] = 0.9132m } };
        var read = PriceWords.Read("lamp £20 to $50", withoutPounds)! with { AppliedMax = true };

        Assert.Equal("lamp", read.Remaining);
        Assert.Equal((null, 5_000L), (read.MinCents, read.MaxCents));
        Assert.Equal(["GBP"], read.Unconverted);
        Assert.Equal("“£20 to $50” was read as a price: up to $50.00. The store has no exchange rate for GBP at hand, so the price in it was not used.", read.Notice);
        Assert.Equal((2_000L, null), (PriceWords.Read("lamp $20 to SEK 500", s_rates)!.MinCents, PriceWords.Read("lamp $20 to SEK 500", s_rates)!.MaxCents));
    }

    [Fact]
    public void Converted_bounds_are_rounded_inward()
    {
        // £50 is $63.686...: up to $63.68, never $63.69 (which is £50.003); from £20 ($25.474...) is from $25.48.
        Assert.Equal(6_368L, PriceWords.Read("lamp under £50", s_rates)!.MaxCents);
        Assert.Equal(2_548L, PriceWords.Read("lamp over £20", s_rates)!.MinCents);
    }

    [Fact]
    public void Thousands_apart_by_spaces_or_apostrophes_with_decimals_are_read_whole()
    {
        // Each was half read ("under $1" of "under $1 234.56", "234.50 CHF" of "1'234.50 CHF"; a third review, session 40).
        Assert.Equal(123_456L, PriceWords.Read("lamp under $1 234.56", s_rates)!.MaxCents);
        Assert.Equal(150_000L, PriceWords.Read("laptop under $1\u2009500", s_rates)!.MaxCents);   // a thin space was read as no number
        // Two or three digits before the first space: beside another currency, or before decimals, one number ("under
        // ¥12 345" was "under ¥12", $0.07, and "345" a word; a fourth review); beside dollars alone, two.
        Assert.Equal(Down(12_345, 151.37m), PriceWords.Read("desk under ¥12 345", s_rates)!.MaxCents);
        Assert.Equal(Down(123_456, 151.37m), PriceWords.Read("tv under ¥123 456", s_rates)!.MaxCents);
        Assert.Equal(Down(12_345, 151.37m), PriceWords.Read("desk under 12 345 JPY", s_rates)!.MaxCents);
        Assert.Equal(Down(12_345.67m, 0.9132m), PriceWords.Read("lamp under 12 345.67 €", s_rates)!.MaxCents);
        Assert.Equal(1_234_567L, PriceWords.Read("lamp under $12 345.67", s_rates)!.MaxCents);
        Assert.Equal(("jigsaw puzzle 500 pieces", (long?)2_500L), (PriceWords.Read("jigsaw puzzle under $25 500 pieces", s_rates)!.Remaining, PriceWords.Read("jigsaw puzzle under $25 500 pieces", s_rates)!.MaxCents));
        // A group is never headed by a zero: "€0.005" is no €5.
        Assert.Null(PriceWords.Read("lamp under €0.005", s_rates));
        Assert.Equal(Down(1234.56m, 0.9132m), PriceWords.Read("lamp 1 234.56 €", s_rates)!.Bare);
        Assert.Equal(Down(1234, 151.37m), PriceWords.Read("lamp 1 234 ¥", s_rates)!.Bare);
        var withFrancs = s_rates with { Rates = new Dictionary<string, decimal>(s_rates.Rates) { ["CHF"] = 0.8812m } };
        var swiss = PriceWords.Read("lamp 1'234.50 CHF", withFrancs)!;
        Assert.Equal(("lamp", Down(1234.50m, 0.8812m)), (swiss.Remaining, swiss.Bare));
        Assert.Equal(["CHF"], PriceWords.Read("lamp 1'234.50 CHF", s_rates)!.Unconverted);
    }

    [Fact]
    public void A_price_alone_beside_a_bound_leaves_the_words_too_and_is_said()
    {
        // "lamp £50 under $100" searched "lamp £50", found nothing and widened (a third review, session 40).
        var read = PriceWords.Read("lamp £50 under $100", s_rates)! with { AppliedMax = true };

        Assert.Equal(("lamp", (long?)10_000L), (read.Remaining, read.MaxCents));
        Assert.Equal(["£50"], read.AlsoAlone);
        Assert.Equal("“under $100” was read as a price: up to $100.00. “£50” looks like a price too, so it was not searched as a word.", read.Notice);
    }

    [Fact]
    public async Task Suggestions_offer_no_price_lines_for_words_that_suggest_nothing()
    {
        // "zzqx 50 €" offered "zzqx up to $54.75" and "from", both empty pages (a third review, session 40).
        var body = await fixture.Store.CreateClient().GetFromJsonAsync<JsonElement>("/search/suggest?q=" + Uri.EscapeDataString("zzqx 50 €"));

        Assert.Empty(body.GetProperty("suggestions").EnumerateArray());
    }

    [Fact]
    public async Task The_search_page_and_the_api_filter_by_the_converted_price_and_say_so()
    {
        var store = fixture.Store;
        await store.SetProductAsync(1, stock: 10, priceCents: 4_000);
        var client = store.CreateClient();
        var word = (await client.GetDocumentAsync("/products/1")).QuerySelector("h1")!.TextContent.Split(' ')[0];
        var max = Down(50, 0.7851m);

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
        Assert.Equal($"{word} up to {Money.Format(Down(50, 0.7851m))}", first.GetProperty("label").GetString());
        Assert.Equal($"/search?q={word}&maxPrice={Money.Plain(Down(50, 0.7851m))}", first.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Suggestions_for_a_sku_beside_a_price_are_the_product_alone()
    {
        // "EL-00001794 €50" led with two price lines that both went to the laptop anyway (a second review, session 40).
        var store = fixture.Store;
        string sku;
        using (var scope = store.Services.CreateScope())
        {
            sku = await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Products.Where(p => p.Id == 1).Select(p => p.Sku).SingleAsync();
        }
        await store.SetProductAsync(1, stock: 10);
        var client = store.CreateClient();

        foreach (var typed in new[] { sku + " €50", sku + " under $50", sku + " $50" })
        {
            var body = await client.GetFromJsonAsync<JsonElement>("/search/suggest?q=" + Uri.EscapeDataString(typed));
            var suggestions = body.GetProperty("suggestions").EnumerateArray().ToList();
            Assert.Equal("product", Assert.Single(suggestions).GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task The_page_offers_a_price_alone_rounded_inward_either_way()
    {
        var client = fixture.Store.CreateClient();

        var page = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("lamp £50"));

        Assert.Contains("maxPrice=" + Money.Plain(Down(50, 0.7851m)), page.QuerySelector("[data-testid=price-under]")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains("minPrice=" + Money.Plain(Up(50, 0.7851m)), page.QuerySelector("[data-testid=price-over]")!.GetAttribute("href"), StringComparison.Ordinal);
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
        Assert.Equal(("miss", Money.Plain(Down(50, 0.7851m))), await AskAsync());
        Assert.Equal(("miss", Money.Plain(Down(50, 0.7851m))), await AskAsync());
        Assert.Equal(("miss", Money.Plain(Down(50, 0.7851m))), await AskAsync());

        remote.Answer("""{"amount":1.0,"base":"USD","date":"2026-11-28","rates":{"EUR":0.9,"GBP":0.5,"JPY":150.0,"CHF":0.88}}""");
        Assert.True(await store.RefreshAsync());

        Assert.Equal(("miss", "100"), await AskAsync());
    }
}
