using System.Net.Http.Json;
using System.Text.Json;
using WebApp.Search;
using WebApp.Tests.Facets;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Search;

/// <summary>A price typed in the search box ("lamp under $50") is the price filter it means, said so and removable.</summary>
public sealed class PriceWordsTests(SearchStore store) : IClassFixture<SearchStore>
{
    private readonly HttpClient _client = store.CreateClient();

    [Theory]
    [InlineData("headphones under $100", "headphones", null, 10_000L)]
    [InlineData("headphones below $99.50", "headphones", null, 9_950L)]
    [InlineData("jacket < $80", "jacket", null, 8_000L)]
    [InlineData("lamp $40 and up", "lamp", 4_000L, null)]
    [InlineData("lamp $40+", "lamp", 4_000L, null)]
    [InlineData("mug 10 dollars or less", "mug", null, 1_000L)]
    [InlineData("laptop over $1,000", "laptop", 100_000L, null)]
    [InlineData("desk $150-$300", "desk", 15_000L, 30_000L)]
    [InlineData("desk $300 – 150", "desk", 15_000L, 30_000L)]
    [InlineData("laptop $1k-$2k", "laptop", 100_000L, 200_000L)]
    [InlineData("tent from $100 to $200 blue", "tent blue", 10_000L, 20_000L)]
    [InlineData("between 20 and 50 dollars", "", 2_000L, 5_000L)]
    [InlineData("lamp under $50 over $20", "lamp", 2_000L, 5_000L)]
    [InlineData("UNDER USD 30 mug", "mug", null, 3_000L)]
    // An outside review's (session 39): negations, retail wordings, other ways of writing a price.
    [InlineData("lamp no less than $50", "lamp", 5_000L, null)]
    [InlineData("lamp not more than $50", "lamp", null, 5_000L)]
    [InlineData("lamp no more than $50", "lamp", null, 5_000L)]
    [InlineData("lamp not over $50", "lamp", null, 5_000L)]
    [InlineData("lamp NOT under $50", "lamp", 5_000L, null)]
    [InlineData("lamp $20 and up to $50", "lamp", 2_000L, 5_000L)]
    [InlineData("laptop under $1 000", "laptop", null, 100_000L)]
    [InlineData("lamp $25 & up", "lamp", 2_500L, null)]
    [InlineData("lamp $25 & under", "lamp", null, 2_500L)]
    [InlineData("headphones $100 max", "headphones", null, 10_000L)]
    [InlineData("laptop greater than $1000", "laptop", 100_000L, null)]
    [InlineData("lamp starting from $40", "lamp", 4_000L, null)]
    [InlineData("lamp at least $20 but under $50", "lamp", 2_000L, 5_000L)]
    [InlineData("lamp under $50 each", "lamp", null, 5_000L)]
    [InlineData("headphones under 100$", "headphones", null, 10_000L)]
    [InlineData("desk $150\u2212$300", "desk", 15_000L, 30_000L)]
    [InlineData("lamp under \uFF04\uFF15\uFF10", "lamp", null, 5_000L)]
    [InlineData("gum under 99 cents", "gum", null, 99L)]
    [InlineData("lamp,under $50", "lamp", null, 5_000L)]
    [InlineData("lamp under $50.", "lamp", null, 5_000L)]
    [InlineData("headphones over $50 and under $100", "headphones", 5_000L, 10_000L)]
    // A second review's: a number after a price is its own, a phrase's end taken with it, the same bound twice the tighter.
    [InlineData("jigsaw puzzle under $25 500 pieces", "jigsaw puzzle 500 pieces", null, 2_500L)]
    [InlineData("desk $150-$300 120 cm", "desk 120 cm", 15_000L, 30_000L)]
    [InlineData("laptop under $10 000", "laptop", null, 1_000_000L)]
    [InlineData("lamp from $20 and up", "lamp", 2_000L, null)]
    [InlineData("tv starting at $300 and up", "tv", 30_000L, null)]
    [InlineData("lamp under $50 under $30", "lamp", null, 3_000L)]
    [InlineData("desk $150-$300 under $200", "desk", 15_000L, 20_000L)]
    [InlineData("iphone pro max under $999", "iphone pro max", null, 99_900L)]
    [InlineData("lamp under\u200B$50", "lamp", null, 5_000L)]
    // A third review's: "and up to" after a lower bound, "max" and "min" before a price, "$1 500", a dash before a range.
    [InlineData("lamp over $20 and up to $50", "lamp", 2_000L, 5_000L)]
    [InlineData("headphones max $100 wireless", "headphones wireless", null, 10_000L)]
    [InlineData("lamp min $50", "lamp", 5_000L, null)]
    [InlineData("laptop under $1 500", "laptop", null, 150_000L)]
    [InlineData("lamp -$20-$50", "lamp", 2_000L, 5_000L)]
    [InlineData("lamp-$20-$50", "lamp", 2_000L, 5_000L)]
    public void A_price_phrase_is_read_as_bounds_and_taken_out_of_the_words(string typed, string remaining, long? min, long? max)
    {
        var read = PriceWords.Read(System.Text.RegularExpressions.Regex.Unescape(typed))!;
        Assert.Equal(remaining, read.Remaining);
        Assert.Equal(min, read.MinCents);
        Assert.Equal(max, read.MaxCents);
        Assert.Null(read.Bare);
    }

    [Theory]
    // No sign or unit: inches, pieces and years as often as dollars.
    [InlineData("tv over 50")]
    [InlineData("jigsaw under 1000")]
    [InlineData("laptop 2024")]
    // In quotes it is what is looked for; a price left out, a number that is no price, two prices that are no range.
    [InlineData("\"under $10\" club")]
    [InlineData("lamp -$50")]
    [InlineData("lamp under $12.345")]
    [InlineData("lamp $1,00")]
    [InlineData("laptop $500 and $900")]
    [InlineData("tv under $99999999")]
    [InlineData("tea $0")]
    [InlineData("thunder $5x")]
    [InlineData("$$$")]
    [InlineData("lamp under $0")]
    [InlineData("50 cent")]
    [InlineData("25 cents album")]
    // Pounds without any rate: ForeignPriceWordsTests (taken out of the words and said, session 40).
    [InlineData("dumbbells 20 pounds")]
    public void What_is_no_price_is_left_to_the_words(string typed) => Assert.Null(PriceWords.Read(typed));

    [Fact]
    public void A_price_alone_is_taken_out_of_the_words_and_says_no_bound()
    {
        var read = PriceWords.Read("coffee $25")!;
        Assert.Equal(("coffee", 2_500L), (read.Remaining, read.Bare));
        Assert.Null(read.MinCents);
        Assert.Null(read.MaxCents);
    }

    [Fact]
    public void Bounds_typed_apart_are_quoted_as_typed_and_the_wrong_way_round_is_said()
    {
        // "$50 and under" was read first, and the notice quoted it ("“$50 and under” and “over $100”").
        Assert.Equal(["over $50", "under $100"], PriceWords.Read("headphones over $50 and under $100")!.Phrases);

        var wrongWay = PriceWords.Read("lamp under $20 over $50")! with { AppliedMin = true, AppliedMax = true };
        Assert.Equal((2_000L, 5_000L, true), (wrongWay.MinCents!.Value, wrongWay.MaxCents!.Value, wrongWay.Swapped));
        Assert.Equal("“under $20” and “over $50” were read as a price: from $20.00 to $50.00 (the lower price as the least).", wrongWay.Notice);
    }

    [Fact]
    public void A_name_with_max_keeps_it_beside_a_price_alone()
    {
        var read = PriceWords.Read("iphone pro max $999")!;
        Assert.Equal(("iphone pro max", 99_900L), (read.Remaining, read.Bare));
    }

    [Fact]
    public void A_bound_against_a_range_already_read_is_not_used_and_said()
    {
        var read = PriceWords.Read("desk $150-$300 under $100")! with { AppliedMin = true, AppliedMax = true };
        Assert.Equal(("desk", 15_000L, 30_000L), (read.Remaining, read.MinCents!.Value, read.MaxCents!.Value));
        Assert.Equal("“$150-$300” was read as a price: from $150.00 to $300.00. “under $100” contradicted it and was not used.", read.Notice);
    }

    [Fact]
    public async Task A_missing_code_beside_a_price_keeps_the_price_for_the_other_words()
    {
        // "laptop XQ-99999999 under $500": no product has the code, so the other words are searched, priced as typed.
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine XQ-99999999 under $49.99"));
        Assert.Equal([store.Known["aurora"], store.Known["reading"]], SearchPageTests.ResultIds(page).Order());
        Assert.NotNull(page.QuerySelector("[data-testid=price-words]"));
    }

    [Fact]
    public async Task A_pasted_list_beside_a_price_is_the_list()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/products?q=" + Uri.EscapeDataString("TS-00000001, TS-00000005 under $50")));
        Assert.Equal([store.Known["aurora"], store.Known["crystal"]], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(json.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sku_beside_a_price_is_the_sku_and_no_price_is_said()
    {
        var sku = await _client.GetAsync("/search?q=" + Uri.EscapeDataString("TS-00000005 under $50"));
        // The crystal vase ($129.99) by its SKU: the product's page, as the SKU alone.
        Assert.StartsWith($"/products/{store.Known["crystal"]}/", sku.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/products?q=" + Uri.EscapeDataString("ts 00000005 under $50")));
        Assert.Equal([store.Known["crystal"]], json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(json.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("price", StringComparison.Ordinal));
    }

    [Fact]
    public void A_typed_bound_overridden_by_a_chosen_one_is_said()
    {
        var read = PriceWords.Read("lamp $20-$80")! with { AppliedMin = true, AppliedMax = false };
        Assert.Equal("“$20-$80” was read as a price: from $20.00; the maximum chosen beside the results is used.", read.Notice);
    }

    [Fact]
    public void Around_a_price_is_a_price_alone()
    {
        var read = PriceWords.Read("lamp around $50")!;
        Assert.Equal(("lamp", 5_000L), (read.Remaining, read.Bare));
    }

    [Fact]
    public async Task A_typed_bound_against_a_chosen_one_it_contradicts_is_not_used()
    {
        // Over $80 with a chosen maximum of $50: the lamps were filtered $50-$80 and the notice said "from $80.00".
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine over $80") + "&maxPrice=50");

        Assert.Equal([store.Known["aurora"], store.Known["reading"]], SearchPageTests.ResultIds(page).Order());
        Assert.Contains("the price chosen beside the results is used", page.QuerySelector("[data-testid=price-words]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(FacetPage.Notices(page), n => n.Contains("swapped", StringComparison.Ordinal));
        Assert.Contains("maxPrice=50", page.QuerySelector("[data-testid=price-as-typed]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typed_maximum_filters_the_results_and_the_page_says_so()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine under $49.99"));

        var ids = SearchPageTests.ResultIds(page);
        Assert.Contains(store.Known["aurora"], ids);
        Assert.Contains(store.Known["reading"], ids);
        Assert.DoesNotContain(store.Known["crystal"], ids);
        Assert.Equal("zephyrine", page.QuerySelector("[data-testid=query]")!.TextContent);
        Assert.Contains("“under $49.99” was read as a price: up to $49.99.", page.QuerySelector("[data-testid=price-words]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Up to $49.99", Chips(page));
        Assert.Equal("49.99", page.GetElementById("maxPrice")!.GetAttribute("value"));
        // The header's box keeps what was typed.
        Assert.Equal("zephyrine under $49.99", page.GetElementById("site-search-q")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_typed_price_is_removed_and_changed_as_any_price_filter_is()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine under $49.99"));

        // The page's own links carry the words without the price and the price as the filter: removing it removes it.
        var remove = page.QuerySelectorAll("a[data-remove]").Single(a => a.TextContent.Contains("Up to $49.99", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal("/search?q=zephyrine", remove);
        var unfiltered = await _client.GetDocumentAsync(remove);
        Assert.Contains(store.Known["crystal"], SearchPageTests.ResultIds(unfiltered));
        Assert.Null(unfiltered.QuerySelector("[data-testid=price-words]"));

        var sortFields = page.QuerySelectorAll("form.sort-form input[type=hidden]").Select(i => (i.GetAttribute("name"), i.GetAttribute("value"))).ToList();
        Assert.Equal([("q", "zephyrine"), ("maxPrice", "49.99")], sortFields);
    }

    [Fact]
    public async Task Search_instead_finds_the_words_as_typed_without_a_price_filter()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine under $49.99"));
        var asTyped = page.QuerySelector("[data-testid=price-as-typed]")!;
        Assert.Equal("zephyrine under $49.99", asTyped.TextContent);

        var words = await _client.GetDocumentAsync(asTyped.GetAttribute("href")!);
        Assert.Null(words.QuerySelector("[data-testid=price-words]"));
        Assert.Empty(Chips(words));
        Assert.Equal("", words.GetElementById("maxPrice")!.GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task A_price_chosen_beside_the_results_wins_over_one_typed()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine under $20") + "&maxPrice=200");

        Assert.Contains(store.Known["crystal"], SearchPageTests.ResultIds(page));
        Assert.Contains("the price chosen beside the results is used", page.QuerySelector("[data-testid=price-words]")!.TextContent, StringComparison.Ordinal);
        // Searching the words as typed keeps the price that was chosen.
        Assert.Contains("maxPrice=200", page.QuerySelector("[data-testid=price-as-typed]")!.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_range_typed_in_two_halves_is_one_filter()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine over $40 under $100"));

        Assert.Equal([store.Known["aurora"]], SearchPageTests.ResultIds(page));
        Assert.Contains("“over $40” and “under $100” were read as a price: from $40.00 to $100.00.", page.QuerySelector("[data-testid=price-words]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_price_alone_is_not_searched_and_either_side_of_it_is_offered()
    {
        var page = await _client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString("zephyrine $40"));

        // Without the number "40" required, every zephyrine product is found.
        Assert.Equal(3, FacetPage.Total(page));
        Assert.Contains("“$40” looks like a price, so it was not searched as a word.", page.QuerySelector("[data-testid=price-words]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/search?q=zephyrine&maxPrice=40", page.QuerySelector("[data-testid=price-under]")!.GetAttribute("href"));
        var over = await _client.GetDocumentAsync(page.QuerySelector("[data-testid=price-over]")!.GetAttribute("href")!);
        Assert.Equal([store.Known["aurora"], store.Known["crystal"]], SearchPageTests.ResultIds(over).Order());
    }

    [Fact]
    public async Task The_api_reads_the_price_as_the_page_does_and_says_so()
    {
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/products?q=" + Uri.EscapeDataString("zephyrine under $49.99")));
        var ids = json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.DoesNotContain(store.Known["crystal"], ids);
        Assert.Contains(store.Known["aurora"], ids);
        Assert.Contains(json.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString() == "“under $49.99” was read as a price: up to $49.99. Add exact=1 to search the words as typed.");

        using var exact = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/products?exact=1&q=" + Uri.EscapeDataString("zephyrine under $49.99")));
        Assert.DoesNotContain(exact.RootElement.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("read as a price", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Suggestions_lead_with_the_search_within_the_price_and_suggest_only_products_in_it()
    {
        var list = await _client.GetFromJsonAsync<SuggestionList>("/search/suggest?q=" + Uri.EscapeDataString("zephyrine under $50"));

        var first = list!.Suggestions[0];
        Assert.Equal(("price", "zephyrine up to $50.00", "/search?q=zephyrine&maxPrice=50"), (first.Type, first.Label, first.Url));
        // The aurora lamp ($49.99) is within the price; the crystal vase ($129.99) is not.
        var products = list.Suggestions.Where(s => s.Type == "product").Select(s => s.Label).ToList();
        Assert.Contains("Zephyrine Aurora Lamp", products);
        Assert.DoesNotContain("Zephyrine Crystal Vase", products);

        // Without a price, both.
        var plain = await _client.GetFromJsonAsync<SuggestionList>("/search/suggest?q=zephyrine");
        Assert.Contains(plain!.Suggestions, s => s.Label == "Zephyrine Crystal Vase");
        Assert.DoesNotContain(plain.Suggestions, s => s.Type == "price");
    }

    [Fact]
    public async Task Suggestions_offer_a_price_alone_either_way_and_do_not_search_it_as_a_word()
    {
        // "zephyrine $50" looked for the number 50 beside the word, as the page no longer does (left as found, session 39).
        var list = await _client.GetFromJsonAsync<SuggestionList>("/search/suggest?q=" + Uri.EscapeDataString("zephyrine $50"));

        Assert.Equal([("price", "zephyrine up to $50.00", "/search?q=zephyrine&maxPrice=50"), ("price", "zephyrine from $50.00", "/search?q=zephyrine&minPrice=50")],
            list!.Suggestions.Take(2).Select(s => (s.Type, s.Label, s.Url)));
        Assert.Equal("zephyrine", list.Query);
        // Either side of the price: both products are suggested, as for the word alone.
        var products = list.Suggestions.Where(s => s.Type == "product").Select(s => s.Label).ToList();
        Assert.Contains("Zephyrine Aurora Lamp", products);
        Assert.Contains("Zephyrine Crystal Vase", products);
    }

    private static List<string> Chips(AngleSharp.Dom.IDocument page) => PriceRangeTests.Chips(page);
}
