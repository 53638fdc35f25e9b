using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Spelling;

public sealed class ExactSkuTests(SpellingStore store) : IClassFixture<SpellingStore>
{
    [Theory]
    [InlineData("{0}")]          // EL-00000003
    [InlineData("{1}")]          // el-00000003
    [InlineData("{2} {3}")]      // el 00000003
    [InlineData("{2}{3}")]       // el00000003
    [InlineData("  {0}  ")]
    public async Task A_query_that_is_exactly_a_sku_goes_straight_to_that_product(string pattern)
    {
        var (id, sku, url) = await LaptopAsync();
        var parts = sku.Split('-');
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, sku, sku.ToLowerInvariant(), parts[0].ToLowerInvariant(), parts[1]);
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location!.OriginalString);
        var product = await store.CreateClient().GetDocumentAsync(url);
        Assert.Contains(sku, product.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        _ = id;
    }

    [Theory]
    [InlineData("{0}.")]         // the sentence's full stop, pasted with it
    [InlineData("SKU: {0}")]     // as an invoice prints it
    [InlineData("sku {1},")]
    [InlineData("{0} /")]        // a separator after it (a second review: "no product")
    [InlineData("{2}")]          // an en dash, as copied from a PDF invoice
    [InlineData("{3}")]          // a no-break space
    [InlineData("\"{0}\"")]      // in quotes (a review, session 37: "no product has the SKU")
    [InlineData("“{0}”")]
    [InlineData("{4}")]          // in full-width letters and digits, as a Japanese keyboard types it (it relaxed to 1,357)
    [InlineData("{0} laptop")]   // beside other words: the product came first under "No results for" (a review, session 37)
    [InlineData("nordvik {1}")]
    public async Task A_sku_pasted_with_punctuation_or_its_label_still_goes_to_the_product(string pattern)
    {
        var (_, sku, url) = await LaptopAsync();
        var wide = new string([.. sku.Select(c => char.IsAsciiLetterOrDigit(c) ? (char)(c + 0xFEE0) : c)]);
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, sku, sku.ToLowerInvariant(), sku.Replace('-', '\u2013'), sku.Replace('-', '\u00A0'), wide);
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("EL-0000000")]     // a digit short
    [InlineData("ZZ-00000003")]    // no product has these letters
    [InlineData("SKU EL-99999999.")]
    public async Task A_sku_no_product_has_finds_nothing_rather_than_products_whose_words_start_with_its_letters(string q)
    {
        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));

        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sku").ValueKind);
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        Assert.Empty(page.QuerySelectorAll(".product-card"));
    }

    [Theory]
    [InlineData("EL-00000003x")]               // a letter too many
    [InlineData("EL-OOOO0003")]                // letter O's for zeros
    [InlineData("EL-99999997 EL-99999998")]    // two codes at once, neither a product's
    public async Task A_mistyped_sku_says_no_product_has_it_instead_of_listing_every_word_starting_with_its_letters(string q)
    {
        // Found by an outside review: each of these listed 1,357 products, every word starting with "el" (Electronics).
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Empty(page.QuerySelectorAll(".product-card"));
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));
        // Two codes are no one SKU: each is named (a review, session 38).
        Assert.Equal(q.Contains(' ', StringComparison.Ordinal) ? $"No product has any of the SKUs {string.Join(", ", q.Split(' ').Select(c => $"“{c}”"))}" : $"No product has the SKU “{q}”",
            page.QuerySelector("[data-testid=no-sku]")!.TextContent.Trim());
    }

    [Theory]
    [InlineData("{1} {0}")]
    [InlineData("{1},{0}")]             // an outside review: relaxed to every word starting with "el"
    [InlineData("{1};\n{0}\n")]
    [InlineData("{1} / {0} / ZZ-99999999")]
    [InlineData("SKU: {1}, SKU: {0}")]  // labels, quoted cells and numbering, as pasted from an order (a second review)
    [InlineData("\"{1}\",\"{0}\"")]
    [InlineData("1. {1}\n2. {0}")]
    public async Task A_pasted_list_of_skus_shows_those_products_in_the_order_pasted(string pattern)
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var two = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Skip(5).Take(2).Select(p => new { p.Id, p.Sku }).ToListAsync();
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, two[0].Sku, two[1].Sku.ToLowerInvariant());

        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal([two[1].Id, two[0].Id], Html.ProductIds(page.QuerySelector("main")!));
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));
        Assert.Null(page.QuerySelector("[data-testid=no-sku]"));
        var notice = page.QuerySelector("[data-testid=pasted-skus]")!.TextContent;
        Assert.Contains("Showing the 2 products with the SKUs you pasted.", notice, StringComparison.Ordinal);
        Assert.Equal(q.Contains("ZZ-", StringComparison.Ordinal), notice.Contains("No product has the SKU “ZZ-99999999”.", StringComparison.Ordinal));
        // In the order pasted: no sort menu or filters that would not apply.
        Assert.Null(page.QuerySelector("#sort"));
        Assert.Null(page.QuerySelector("[data-testid=filter-panel]"));

        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));
        Assert.Equal([two[1].Id, two[0].Id], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(2, body.GetProperty("total").GetInt32());
        Assert.Contains(body.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("SKUs in q", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pasted_list_longer_than_a_search_is_read_whole()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var twenty = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Skip(40).Take(20).Select(p => new { p.Id, p.Sku }).ToListAsync();
        var q = string.Join(", ", twenty.Select(p => p.Sku));
        Assert.True(q.Length > WebApp.Search.SearchText.MaxInputLength);

        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(twenty.Select(p => p.Id), Html.ProductIds(page.QuerySelector("main")!));
        Assert.DoesNotContain(page.QuerySelectorAll(".alert"), a => a.TextContent.Contains("limited to", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Words_past_a_searchs_length_are_left_out_and_the_page_and_the_api_say_so()
    {
        var q = string.Join(' ', Enumerable.Repeat("laptop", 40));
        const string Said = "Searches are limited to 200 characters; the rest was ignored.";

        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        Assert.Contains(page.QuerySelectorAll(".alert"), a => a.TextContent.Trim() == Said);
        Assert.Equal(q[..WebApp.Search.SearchText.MaxInputLength], page.QuerySelector("[data-testid=query]")!.TextContent);
        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));
        Assert.Contains(body.GetProperty("notices").EnumerateArray(), n => n.GetString() == Said);
    }

    [Fact]
    public async Task Two_pasted_lists_sharing_their_first_codes_are_two_answers()
    {
        // A search keeps its first eight words, and two lists of five codes sharing the first four were one cached
        // answer (a second review); so were "EL-…, EL" and "EL-…, EL-…".
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var six = await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Id).Skip(20).Take(6).Select(p => new { p.Id, p.Sku }).ToListAsync();
        var first = string.Join(", ", six.Take(5).Select(p => p.Sku));
        var second = string.Join(", ", six.Take(4).Append(six[5]).Select(p => p.Sku));

        Assert.Equal(six.Take(5).Select(p => p.Id), await IdsAsync(first));
        Assert.Equal(six.Take(4).Append(six[5]).Select(p => p.Id), await IdsAsync(second));

        var (_, sku, _) = await LaptopAsync();
        var letters = sku.Split('-')[0];
        // A code beside a word is no list: that product, as a SKU beside any word is (session 37).
        Assert.Single(await IdsAsync($"{sku}, {letters}"));
        Assert.Single(await IdsAsync($"{sku}, {sku}"));

        async Task<IEnumerable<int>> IdsAsync(string q) =>
            (await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q))).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
    }

    [Fact]
    public async Task The_api_says_no_product_has_a_sku_it_was_given()
    {
        var body = await JsonAsync("/api/v1/products?q=ZZ-99999999");

        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Contains(body.GetProperty("notices").EnumerateArray(), n => n.GetString() == "No product has the SKU ZZ-99999999.");
        // A price beside it is no part of the code ("No product has the SKU ZZ-99999999 under $50."; a review, session 40).
        var priced = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString("ZZ-99999999 under $50"));
        Assert.Contains(priced.GetProperty("notices").EnumerateArray(), n => n.GetString() == "No product has the SKU ZZ-99999999.");
    }

    [Fact]
    public async Task The_api_answers_a_sku_with_that_one_product_and_names_it()
    {
        var (id, sku, _) = await LaptopAsync();

        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(sku.ToLowerInvariant().Replace('-', ' ')));

        Assert.Equal(sku, body.GetProperty("sku").GetString());
        Assert.Equal(1, body.GetProperty("total").GetInt32());
        Assert.Equal(id, Assert.Single(body.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_api_says_what_a_misspelled_search_was_corrected_to_and_exact_turns_it_off()
    {
        var corrected = await JsonAsync("/api/v1/products?q=laptp");
        Assert.Equal("laptop", corrected.GetProperty("correctedQuery").GetString());
        Assert.True(corrected.GetProperty("total").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Null, corrected.GetProperty("sku").ValueKind);

        var asTyped = await JsonAsync("/api/v1/products?q=laptp&exact=1");
        Assert.Equal(JsonValueKind.Null, asTyped.GetProperty("correctedQuery").ValueKind);
        Assert.Equal(0, asTyped.GetProperty("total").GetInt32());

        var known = await JsonAsync("/api/v1/products?q=laptop");
        Assert.Equal(JsonValueKind.Null, known.GetProperty("correctedQuery").ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_correction()
    {
        var text = await store.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("correctedQuery", text, StringComparison.Ordinal);
        Assert.Contains("\"exact\"", text, StringComparison.Ordinal);
    }

    private async Task<JsonElement> JsonAsync(string url)
    {
        var response = await store.CreateClient().GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Theory]
    [InlineData("{0} -laptop")]       // a word left out: the shopper did not ask for this product alone (a third review)
    [InlineData("{0} {1} laptop")]    // two codes beside a word: the second was dropped
    public async Task A_sku_beside_words_is_the_answer_only_alone_and_with_nothing_left_out(string pattern)
    {
        var (_, sku, _) = await LaptopAsync();
        using var scope = store.Services.CreateScope();
        var other = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.AsNoTracking()
            .Where(p => p.IsActive && p.Sku != sku && p.Sku.Contains('-')).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, sku, other)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("{0} -{1}")]
    [InlineData("{0} -{2}")]          // in lower case
    [InlineData("-{1} {0}")]          // first
    [InlineData("{0} \u2212{1}")]     // a minus sign, as a phone types it
    public async Task A_sku_left_out_with_a_minus_leaves_that_product_out(string pattern)
    {
        // "laptop -EL-00001794" read the code as the words "-el" and "00001794": no product had every word, and the
        // search relaxed to any of them, the laptop among them (a review, session 37).
        var (id, sku, _) = await LaptopAsync();
        using var scope = store.Services.CreateScope();
        var name = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id).Select(p => p.Name).SingleAsync();
        var words = string.Join(' ', name.Split(' ', ',').Where(w => w.Length > 0).Take(3));
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, words, sku, sku.ToLowerInvariant());

        var all = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString(words));
        var without = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString(q));

        var allIds = Ids(all);
        Assert.Contains(id, allIds);
        Assert.Equal(allIds.Where(i => i != id), Ids(without));
        Assert.Equal(all.GetProperty("total").GetInt32() - 1, without.GetProperty("total").GetInt32());
        Assert.Empty(without.GetProperty("notices").EnumerateArray());
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        Assert.DoesNotContain(id, Html.ProductIds(page.QuerySelector("main")!));
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));

        // Kept through a correction: the corrected search's link still leaves it out.
        var typo = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString($"laptp -{sku}"));
        Assert.Contains($"-{sku}", typo.QuerySelector("[data-testid=corrected-query]")!.GetAttribute("href")!.Replace("%20", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(id, Html.ProductIds(typo.QuerySelector("main")!));

        static List<int> Ids(JsonElement body) => [.. body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
    }

    [Theory]
    [InlineData("laptop XQ-99999999", "XQ-99999999")]
    [InlineData("ZZ-00000003 laptop", "ZZ-00000003")]
    public async Task A_sku_beside_words_that_no_product_has_is_said_and_the_other_words_are_searched(string q, string code)
    {
        // It relaxed to any of the words, the code's letters and digits among them, and never said the code was
        // unknown (a review, session 37).
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        var laptops = await store.CreateClient().GetDocumentAsync("/search?q=laptop");

        Assert.Equal($"No product has the SKU “{code}”; these are results for the other words.", page.QuerySelector("[data-testid=sku-not-found]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));
        Assert.NotEmpty(Html.ProductIds(page.QuerySelector("main")!));
        Assert.Equal(Html.ProductIds(laptops.QuerySelector("main")!), Html.ProductIds(page.QuerySelector("main")!));
        Assert.Equal(q, page.QuerySelector("[data-testid=query]")!.TextContent);

        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));
        Assert.Contains(body.GetProperty("notices").EnumerateArray(), n => n.GetString() == $"No product has the SKU {code}; these are results for the other words.");
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sku").ValueKind);
    }

    [Theory]
    [InlineData("laptop XQ-99999999 -business", "No product has the SKU “XQ-99999999”; these are results for the other words.", "laptop -business")]
    [InlineData("laptop XQ-99999999 XQ-88888888", "No product has the SKUs “XQ-99999999” or “XQ-88888888”; these are results for the other words.", "laptop")]
    [InlineData("laptp XQ-99999999", "No product has the SKU “XQ-99999999”; these are results for the other words.", "laptop")]
    public async Task Skus_beside_words_that_no_product_has_are_said_with_exclusions_and_corrections_too(string q, string said, string same)
    {
        // With an exclusion or a second code, the codes' letters and digits were words and the search relaxed to any of
        // them (a review, session 38).
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(said, page.QuerySelector("[data-testid=sku-not-found]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=relaxed]"));
        var expected = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(same));
        Assert.NotEmpty(Html.ProductIds(page.QuerySelector("main")!));
        Assert.Equal(Html.ProductIds(expected.QuerySelector("main")!), Html.ProductIds(page.QuerySelector("main")!));
    }

    [Theory]
    [InlineData("-{0}")]              // alone: it went straight to the product left out
    [InlineData("laptop NOT {0}")]    // NOT as search engines read it
    [InlineData("laptop -{1}")]       // without its dash (this once recursed until the stack ran out, and the store stopped)
    public async Task A_sku_left_out_never_leads_to_it(string pattern)
    {
        var (id, sku, _) = await LaptopAsync();
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, sku, sku.Replace("-", "", StringComparison.Ordinal));
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));
        Assert.DoesNotContain(id, Html.ProductIds(page.QuerySelector("main")!));
        var body = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString(q));
        Assert.DoesNotContain(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sku").ValueKind);
    }

    [Fact]
    public async Task A_word_left_out_that_has_a_skus_shape_is_a_word_left_out()
    {
        var all = await JsonAsync("/api/v1/products?q=laptop");
        var without = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString("laptop -rtx4090"));

        Assert.True(all.GetProperty("total").GetInt32() > 0);
        Assert.Equal(all.GetProperty("total").GetInt32(), without.GetProperty("total").GetInt32());
        Assert.Equal("laptop -rtx4090", (await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString("laptop -rtx4090"))).QuerySelector("[data-testid=query]")!.TextContent);
    }

    [Theory]
    [InlineData("{0} -{0}")]
    [InlineData("{0} NOT {0}")]
    [InlineData("{0} {1} -{0}")]     // the other code, without the one left out
    public async Task A_sku_both_asked_for_and_left_out_is_left_out(string pattern)
    {
        // It went straight to the product (a second review, session 38).
        var (id, sku, _) = await LaptopAsync();
        using var scope = store.Services.CreateScope();
        var other = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.AsNoTracking()
            .Where(p => p.IsActive && p.Sku != sku && p.Sku.Contains('-')).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
        var q = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, sku, other);
        var client = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(q));

        // The other code alone is that product's answer; the one left out never is.
        if (pattern.Contains("{1}", StringComparison.Ordinal)) Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        else Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain($"/products/{id}/", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));
        Assert.DoesNotContain(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        Assert.Equal(pattern.Contains("{1}", StringComparison.Ordinal) ? 1 : 0, body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_sku_asked_for_and_left_out_beside_words_leaves_the_words()
    {
        // "laptop EL-… -EL-…" found nothing at all, and "EL-… -EL-…" said no product had that SKU (a third review).
        var (id, sku, _) = await LaptopAsync();
        var laptops = (await JsonAsync("/api/v1/products?q=laptop")).GetProperty("total").GetInt32();

        var body = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString($"laptop {sku} -{sku}"));

        Assert.Equal(laptops - 1, body.GetProperty("total").GetInt32());
        Assert.DoesNotContain(body.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetInt32() == id);
        var alone = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString($"{sku} -{sku}"));
        Assert.Null(alone.QuerySelector("[data-testid=no-sku]"));
        Assert.Empty((await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString($"{sku} -{sku}"))).GetProperty("notices").EnumerateArray());
    }

    [Theory]
    [InlineData("tv 2024")]     // a word and a year: read as one code, never relaxed, "no product has the SKU"
    [InlineData("lamp 1600")]
    public async Task A_word_and_a_number_are_no_sku(string q)
    {
        var page = await store.CreateClient().GetDocumentAsync("/search?q=" + Uri.EscapeDataString(q));

        Assert.Null(page.QuerySelector("[data-testid=no-sku]"));
        Assert.NotEmpty(Html.ProductIds(page.QuerySelector("main")!));
        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));
        Assert.DoesNotContain(body.GetProperty("notices").EnumerateArray(), n => n.GetString()!.Contains("SKU", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("yoga mat -mta", "yoga mat ")]   // "-mta" was corrected to "-mat" and left out every mat (a third review)
    [InlineData("tent -tnet", "tent ")]          // every tent (a finished word: no prefix, as before a word left out)
    [InlineData("laptop NOT", "laptop")]        // a NOT last was a required word "not"
    public async Task A_word_left_out_is_never_corrected_into_a_word_asked_for(string q, string same)
    {
        var expected = (await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(same))).GetProperty("total").GetInt32();

        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));

        Assert.True(expected > 0);
        Assert.Equal(expected, body.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("correctedQuery").ValueKind);
    }

    [Fact]
    public async Task A_misspelled_word_left_out_is_corrected_and_said_and_suggestions_leave_it_out_too()
    {
        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString("laptop -bussiness"));
        Assert.Equal("laptop -business", body.GetProperty("correctedQuery").GetString());
        var exact = await JsonAsync("/api/v1/products?exact=1&q=" + Uri.EscapeDataString("laptop -bussiness"));
        Assert.Equal((await JsonAsync("/api/v1/products?q=laptop")).GetProperty("total").GetInt32(), exact.GetProperty("total").GetInt32());

        var offered = await store.CreateClient().GetStringAsync("/search/suggest?q=" + Uri.EscapeDataString("laptop"));
        var without = await store.CreateClient().GetStringAsync("/search/suggest?q=" + Uri.EscapeDataString("laptop -nordvk"));
        Assert.Contains("Nordvik", offered, StringComparison.Ordinal);
        Assert.DoesNotContain("Nordvik", without, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Suggestions_never_offer_a_sku_left_out()
    {
        var (id, sku, url) = await LaptopAsync();
        using var scope = store.Services.CreateScope();
        var name = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products.Where(p => p.Id == id).Select(p => p.Name).SingleAsync();
        var words = string.Join(' ', name.Split(' ', ',').Where(w => w.Length > 0).Take(3));
        var offered = await store.CreateClient().GetStringAsync("/search/suggest?q=" + Uri.EscapeDataString(words));
        Assert.Contains(url, offered, StringComparison.Ordinal);

        var without = await store.CreateClient().GetStringAsync("/search/suggest?q=" + Uri.EscapeDataString($"{words} -{sku}"));

        Assert.DoesNotContain(url, without, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("laptop -bussiness", "laptop -business")]      // a word left out, misspelled, left out nothing
    [InlineData("laptop NOT bussiness", "laptop -business")]
    [InlineData("laptop NOT NOT business", "laptop -business")]   // a doubled NOT was a required word "not"
    [InlineData("laptop NOT 2-in-1", "laptop -\"2-in-1\"")]      // every piece was left out, "2" and "in", and "1" required
    [InlineData("laptop -2-in-1", "laptop -\"2-in-1\"")]
    [InlineData("-men's laptop", "laptop -men")]              // a possessive left out is still the word
    public async Task Words_left_out_are_left_out_as_meant(string q, string same)
    {
        var laptops = (await JsonAsync("/api/v1/products?q=laptop")).GetProperty("total").GetInt32();
        var meant = (await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(same))).GetProperty("total").GetInt32();

        var body = await JsonAsync("/api/v1/products?q=" + Uri.EscapeDataString(q));

        Assert.Equal(meant, body.GetProperty("total").GetInt32());
        Assert.Empty(body.GetProperty("notices").EnumerateArray());
        if (!q.Contains("men", StringComparison.Ordinal)) Assert.True(meant < laptops, $"{same}: {meant} of {laptops}");
    }

    [Fact]
    public async Task Not_in_capitals_leaves_the_next_word_out()
    {
        var not = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString("laptop NOT business"));
        var minus = await JsonAsync("/api/v1/products?pageSize=100&q=" + Uri.EscapeDataString("laptop -business"));

        Assert.Equal(minus.GetProperty("total").GetInt32(), not.GetProperty("total").GetInt32());
        Assert.DoesNotContain(not.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString()!.Contains("Business", StringComparison.Ordinal));
        Assert.Empty(not.GetProperty("notices").EnumerateArray());
    }

    private async Task<(int Id, string Sku, string Url)> LaptopAsync()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var p = await db.Products.AsNoTracking().Where(p => p.Sku.StartsWith("EL-") && p.IsActive).OrderBy(p => p.Id).FirstAsync();
        return (p.Id, p.Sku, WebApp.Catalog.Product.UrlFor(p.Id, p.Slug));
    }
}
