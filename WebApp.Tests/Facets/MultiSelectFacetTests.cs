using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Facets;

/// <summary>
/// Brands and categories chosen several at a time on the search page: OR within a facet, AND across facets, each
/// facet counted without its own filter, every number checked against the database.
/// </summary>
public sealed class MultiSelectFacetTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = store.CreateClient();

    [Fact]
    public async Task Two_brands_show_either_brand_and_every_brand_count_ignores_the_brand_choice()
    {
        var (a, b) = await TwoBrandsAsync();
        var page = await _client.GetDocumentAsync($"/search?brand={b.Slug}&brand={a.Slug}");

        var products = await DbAsync(db => db.Products.Where(p => p.IsActive && (p.BrandId == a.Id || p.BrandId == b.Id)).Select(p => new { p.Id, p.BrandId }).ToListAsync());
        Assert.Equal(products.Count, FacetPage.Total(page));
        Assert.All(Html.ProductIds(page.QuerySelector("main")!), id => Assert.Contains(products, p => p.Id == id));
        Assert.Equal([a.Slug, b.Slug], FacetPage.Chosen(page, "brand").Order(StringComparer.Ordinal));

        // With no other filter, a brand's count is every active product of that brand, chosen or not.
        var perBrand = await DbAsync(db => db.Products.Where(p => p.IsActive).GroupBy(p => p.Brand!.Slug).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count));
        var shown = FacetPage.Counts(page, "brand");
        Assert.True(shown.Count > 2, "other brands stay on offer");
        Assert.All(shown, kv => Assert.Equal(perBrand[kv.Key], kv.Value));
    }

    [Fact]
    public async Task Brands_and_category_and_price_and_stock_combine_and_each_facet_counts_without_its_own_filter()
    {
        var laptops = await DbAsync(db => db.Categories.SingleAsync(c => c.Slug == "laptops"));
        var twoBrands = await DbAsync(db => db.Products.Where(p => p.CategoryId == laptops.Id && p.IsActive).GroupBy(p => p.BrandId)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(2).ToListAsync());
        var slugs = await DbAsync(db => db.Brands.Where(br => twoBrands.Contains(br.Id)).Select(br => br.Slug).ToListAsync());
        var url = $"/search?category=laptops&brand={slugs[0]}&brand={slugs[1]}&minPrice=10&inStock=true";

        var page = await _client.GetDocumentAsync(url);

        var all = await DbAsync(db => db.Products.Where(p => p.IsActive)
            .Select(p => new { p.CategoryId, p.DepartmentId, Brand = p.Brand!.Slug, p.PriceCents, p.Stock }).ToListAsync());
        bool Brand(string s) => slugs.Contains(s);
        Assert.Equal(all.Count(p => p.CategoryId == laptops.Id && Brand(p.Brand) && p.PriceCents >= 1000 && p.Stock > 0), FacetPage.Total(page));

        // Brand counts: category, price and stock, but not the brand choice.
        Assert.All(FacetPage.Counts(page, "brand"), kv =>
            Assert.Equal(all.Count(p => p.CategoryId == laptops.Id && p.Brand == kv.Key && p.PriceCents >= 1000 && p.Stock > 0), kv.Value));
        // Category counts: brands, price and stock, but not the category choice (departments, and the chosen one's subcategories).
        var categories = await DbAsync(db => db.Categories.ToDictionaryAsync(c => c.Slug));
        var categoryCounts = FacetPage.Counts(page, "category");
        Assert.Contains("electronics", categoryCounts.Keys);
        Assert.Contains("laptops", categoryCounts.Keys);   // the chosen one, under its department, to untick
        Assert.All(categoryCounts, kv =>
        {
            var c = categories[kv.Key];
            Assert.Equal(all.Count(p => (p.CategoryId == c.Id || p.DepartmentId == c.Id) && Brand(p.Brand) && p.PriceCents >= 1000 && p.Stock > 0), kv.Value);
        });
        Assert.Equal(["laptops"], FacetPage.Chosen(page, "category"));
        // Price bands: category, brands and stock, but not the price range.
        var bands = page.QuerySelectorAll("a[data-facet=price]").ToList();
        Assert.NotEmpty(bands);
        Assert.All(bands, a =>
        {
            var band = PriceBand.All.Single(b => a.TextContent.Trim().StartsWith(WebApp.Pages.FacetPanel.PriceBandLabel(b.Key) + " ", StringComparison.Ordinal));
            Assert.Equal(all.Count(p => p.CategoryId == laptops.Id && Brand(p.Brand) && p.PriceCents >= (band.Min ?? 0) && p.PriceCents < (band.Max ?? long.MaxValue) && p.Stock > 0),
                int.Parse(a.QuerySelector(".facet-count")!.TextContent.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public async Task Two_departments_with_a_price_range_count_every_department_and_page_only_theirs()
    {
        // A search-page browse of chosen categories counts the category facet over every product, and reads the page
        // and the other facets from the chosen departments' products alone: both checked against the database.
        var page = await _client.GetDocumentAsync("/search?category=electronics&category=home-kitchen&minPrice=10&maxPrice=200&sort=price-asc");

        var departments = await DbAsync(db => db.Categories.Where(c => c.ParentId == null).ToDictionaryAsync(c => c.Slug, c => c.Id));
        var (electronics, kitchen) = (departments["electronics"], departments["home-kitchen"]);
        var inRange = await DbAsync(db => db.Products.Where(p => p.IsActive && p.PriceCents >= 1000 && p.PriceCents <= 20000)
            .Select(p => new { p.Id, p.DepartmentId, p.PriceCents, Brand = p.Brand!.Slug }).ToListAsync());
        var chosen = inRange.Where(p => p.DepartmentId == electronics || p.DepartmentId == kitchen).ToList();

        Assert.Equal(chosen.Count, FacetPage.Total(page));
        Assert.Equal(chosen.OrderBy(p => p.PriceCents).ThenBy(p => p.Id).Select(p => p.Id).Take(24), Html.ProductIds(page.QuerySelector("main")!));
        var categoryCounts = FacetPage.Counts(page, "category");
        Assert.True(categoryCounts.Count > 2, "the other departments stay on offer");
        Assert.All(departments.Where(d => categoryCounts.ContainsKey(d.Key)), d => Assert.Equal(inRange.Count(p => p.DepartmentId == d.Value), categoryCounts[d.Key]));
        Assert.All(FacetPage.Counts(page, "brand"), kv => Assert.Equal(chosen.Count(p => p.Brand == kv.Key), kv.Value));

        // A category chosen inside a chosen department adds nothing and counts nothing twice.
        var nested = await _client.GetDocumentAsync("/search?category=electronics&category=laptops&category=home-kitchen&minPrice=10&maxPrice=200&sort=price-asc");
        Assert.Equal(chosen.Count, FacetPage.Total(nested));
    }

    [Fact]
    public async Task In_stock_count_ignores_the_stock_filter_and_two_categories_show_either()
    {
        var page = await _client.GetDocumentAsync("/search?category=laptops&category=smartphones");

        var all = await DbAsync(db => db.Products.Where(p => p.IsActive && (p.Category!.Slug == "laptops" || p.Category!.Slug == "smartphones"))
            .Select(p => new { p.Stock }).ToListAsync());
        Assert.Equal(all.Count, FacetPage.Total(page));
        Assert.Equal(["laptops", "smartphones"], FacetPage.Chosen(page, "category").Order(StringComparer.Ordinal));
        var inStock = page.QuerySelector("a[data-facet=stock] .facet-count")!.TextContent.Replace(",", "", StringComparison.Ordinal);
        Assert.Equal(all.Count(p => p.Stock > 0).ToString(System.Globalization.CultureInfo.InvariantCulture), inStock);
    }

    [Fact]
    public async Task A_price_band_and_in_stock_are_options_like_the_others_chosen_shown_and_taken_off_by_the_same_link()
    {
        var page = await _client.GetDocumentAsync("/search?category=lighting");
        var band = page.QuerySelectorAll("a[data-facet=price]")[0];
        Assert.Equal("false", band.GetAttribute("data-selected"));
        Assert.NotNull(band.QuerySelector(".facet-box.facet-radio[aria-hidden=true]"));
        Assert.Equal("false", page.QuerySelector("a[data-facet=stock]")!.GetAttribute("data-selected"));

        var chosen = await _client.GetDocumentAsync(band.GetAttribute("href")!);
        var marked = chosen.QuerySelectorAll("a[data-facet=price][data-selected=true]").Single();
        Assert.Equal(band.GetAttribute("data-key"), marked.GetAttribute("data-key"));
        Assert.Contains("(chosen; choose again to remove)", marked.TextContent, StringComparison.Ordinal);
        // A band chosen is one choice, so no second "Any price" link beside it; its own link takes it off.
        Assert.DoesNotContain(chosen.QuerySelectorAll("#facet-price ~ ul a"), a => a.TextContent.Contains("Any price", StringComparison.Ordinal));
        Assert.Equal("/search?category=lighting", marked.GetAttribute("href"));

        var stocked = await _client.GetDocumentAsync(chosen.QuerySelector("a[data-facet=stock]")!.GetAttribute("href")!);
        var stock = stocked.QuerySelector("a[data-facet=stock]")!;
        Assert.Equal("true", stock.GetAttribute("data-selected"));
        Assert.Equal(FacetPage.Total(stocked), FacetPage.Number(stock.QuerySelector(".facet-count")!.TextContent));
        var off = await _client.GetDocumentAsync(stock.GetAttribute("href")!);
        Assert.Equal(FacetPage.Total(chosen), FacetPage.Total(off));
        Assert.Equal("false", off.QuerySelector("a[data-facet=stock]")!.GetAttribute("data-selected"));

        // A typed range is not a band: it is taken off by "Any price", and no band is marked.
        var typed = await _client.GetDocumentAsync("/search?category=lighting&minPrice=12.34");
        Assert.Empty(typed.QuerySelectorAll("a[data-facet=price][data-selected=true]"));
        Assert.Equal("/search?category=lighting", typed.QuerySelector("#facet-price ~ ul a.facet-remove")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/search?category=lighting")]
    [InlineData("/categories/lighting")]
    public async Task The_filter_panel_ends_with_the_way_back_to_the_results_it_counted(string url)
    {
        var page = await _client.GetDocumentAsync(url);
        var done = page.QuerySelector("[data-testid=filter-panel] [data-testid=show-results]")!;
        Assert.Equal($"Show {FacetPage.Total(page):N0} results", done.TextContent.Trim());
        Assert.Equal("#results", done.GetAttribute("href"));
        Assert.NotNull(page.GetElementById("results")!.QuerySelector(".product-card"));
    }

    [Theory]
    [InlineData("/search?category=lighting&sort=newest&page=400", "/search?category=lighting&sort=newest")]
    [InlineData("/categories/lighting?sort=newest&page=400", "/categories/lighting?sort=newest")]
    [InlineData("/categories/lighting?sort=newest&page=2147483648", "/categories/lighting?sort=newest")]
    public async Task Past_the_last_page_the_panel_s_way_to_the_results_is_their_first_page(string url, string first)
    {
        // Found by a review: "Show 1,230 results" folded the panel over "There is no page 400 here".
        using var response = await _client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var done = page.QuerySelector("[data-testid=filter-panel] [data-testid=show-results]")!;
        Assert.Equal(first, done.GetAttribute("href"));
        Assert.Matches(@"^Show [\d,]+ results$", done.TextContent.Trim());
        var firstPage = await _client.GetDocumentAsync(first);
        Assert.Equal(done.TextContent.Trim(), firstPage.QuerySelector("[data-testid=filter-panel] [data-testid=show-results]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Removing_one_choice_keeps_the_others_and_clear_all_keeps_the_words()
    {
        var (a, b) = await TwoBrandsAsync();
        var page = await _client.GetDocumentAsync($"/search?q=&brand={a.Slug}&brand={b.Slug}&category=electronics&inStock=true&sort=price-asc&page=2");

        var chips = page.QuerySelectorAll("[data-testid=applied-filters] a[data-remove]").ToList();
        Assert.Equal(4, chips.Count);
        var removeA = chips.Single(c => c.GetAttribute("data-remove") == "brand" && c.TextContent.Contains(a.Name, StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Equal($"/search?category=electronics&brand={b.Slug}&inStock=true&sort=price-asc", removeA);
        Assert.Equal(removeA, FacetPage.Href(page, "brand", a.Slug));   // the ticked box removes it too

        var after = await _client.GetDocumentAsync(removeA);
        Assert.Equal([b.Slug], FacetPage.Chosen(after, "brand"));
        Assert.Equal(["electronics"], FacetPage.Chosen(after, "category"));
        Assert.Equal(await DbAsync(db => db.Products.CountAsync(p => p.IsActive && p.BrandId == b.Id && p.DepartmentId == db.Categories.Single(c => c.Slug == "electronics").Id && p.Stock > 0)), FacetPage.Total(after));

        var withWords = await _client.GetDocumentAsync($"/search?q=lamp&brand={a.Slug}&inStock=true");
        Assert.Equal("/search?q=lamp", withWords.QuerySelector("[data-testid=clear-all]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Choosing_a_subcategory_replaces_its_department_and_choosing_a_department_replaces_its_subcategories()
    {
        var page = await _client.GetDocumentAsync("/search?category=electronics&category=home-kitchen");
        var laptops = FacetPage.Href(page, "category", "laptops");
        Assert.Equal("/search?category=home-kitchen&category=laptops", laptops);

        var narrowed = await _client.GetDocumentAsync(laptops);
        Assert.Equal("/search?category=electronics&category=home-kitchen", FacetPage.Href(narrowed, "category", "electronics"));
        // Redundant choices in a hand-made link fold into the wider one.
        var folded = await _client.GetDocumentAsync("/search?category=laptops&category=electronics");
        Assert.Equal(["electronics"], FacetPage.Chosen(folded, "category"));
    }

    [Fact]
    public async Task A_department_page_s_subcategory_links_keep_its_brands_prices_stock_and_sort()
    {
        // Found by an outside review: the "Laptops" link above the listing dropped every filter, where the same choice
        // in the filter panel kept them.
        var (a, b) = await TwoBrandsAsync();
        var page = await _client.GetDocumentAsync($"/categories/electronics?brand={a.Slug}&brand={b.Slug}&maxPrice=500&inStock=true&sort=price-asc");

        var laptops = page.QuerySelectorAll("nav[aria-label=Subcategories] a").Single(link => link.TextContent.Trim() == "Laptops");
        Assert.Equal($"/categories/laptops?brand={a.Slug}&brand={b.Slug}&maxPrice=500&inStock=true&sort=price-asc", laptops.GetAttribute("href"));
        var plain = await _client.GetDocumentAsync("/categories/electronics");
        Assert.Equal("/categories/laptops", plain.QuerySelectorAll("nav[aria-label=Subcategories] a").Single(link => link.TextContent.Trim() == "Laptops").GetAttribute("href"));
    }

    [Fact]
    public async Task The_same_choices_in_another_order_or_repeated_are_one_canonical_url_and_one_cache_entry()
    {
        var (a, b) = await TwoBrandsAsync();
        var first = await _client.GetAsync($"/search?brand={b.Slug}&category=lighting&brand={a.Slug}&brand={b.Slug}&sort=newest");
        var second = await _client.GetAsync($"/search?category=lighting&brand={a.Slug}&brand={b.Slug}&sort=newest");

        Assert.Equal("miss", Timing(first));
        Assert.Equal("hit", Timing(second));
        var one = await Html.GetDocumentAsync(first);
        var two = await Html.GetDocumentAsync(second);
        Assert.Equal(Html.ProductIds(one), Html.ProductIds(two));
        var sortFields = one.QuerySelectorAll("form.sort-form input[type=hidden]").Select(i => $"{i.GetAttribute("name")}={i.GetAttribute("value")}").ToList();
        Assert.Equal(["category=lighting", $"brand={a.Slug}", $"brand={b.Slug}"], sortFields);

        // The key itself, from the query strings as the app reads them.
        var cache = store.Services.GetRequiredService<SearchCache>();
        static SearchRequest Read(string query) =>
            SearchRequest.From(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), []);
        var key = cache.KeyFor(Read($"?brand={b.Slug}&category=lighting&brand={a.Slug}&brand={b.Slug}&category=laptops"));
        Assert.Equal(key, cache.KeyFor(Read($"?category=laptops&category=lighting&brand={a.Slug}&brand={b.Slug}")));
        Assert.NotEqual(key, cache.KeyFor(Read($"?category=laptops&category=lighting&brand={a.Slug}")));
        Assert.NotEqual(key, cache.KeyFor(Read($"?category=laptops&category=lighting&brand={a.Slug}&brand={b.Slug}"), scope: "electronics"));
    }

    [Fact]
    public async Task Unknown_and_malformed_choices_are_left_out_with_a_message_not_an_empty_page()
    {
        var (a, _) = await TwoBrandsAsync();
        var response = await _client.GetAsync($"/search?brand={a.Slug}&brand=no-such-brand&brand=%3Cscript%3E&category=nowhere");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        var notices = string.Join(" | ", FacetPage.Notices(page));
        Assert.Contains("no-such-brand", notices, StringComparison.Ordinal);
        Assert.Contains("nowhere", notices, StringComparison.Ordinal);
        Assert.Contains("not valid", notices, StringComparison.Ordinal);
        Assert.Equal(await DbAsync(db => db.Products.CountAsync(p => p.IsActive && p.BrandId == a.Id)), FacetPage.Total(page));
        Assert.Equal([a.Slug], FacetPage.Chosen(page, "brand"));
        // The links the page offers no longer carry what was left out.
        Assert.DoesNotContain("no-such-brand", page.QuerySelector("[data-testid=filter-panel]")!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_twenty_brands_keeps_the_first_twenty_and_says_so()
    {
        var slugs = await DbAsync(db => db.Brands.OrderBy(b => b.Slug).Select(b => b.Slug).Take(25).ToListAsync());
        Assert.Equal(25, slugs.Count);
        var page = await _client.GetDocumentAsync("/search?" + string.Join('&', slugs.Select(s => "brand=" + s)));

        Assert.Contains(FacetPage.Notices(page), n => n.Contains("At most 20 brands", StringComparison.Ordinal));
        Assert.Equal(20, page.QuerySelectorAll("[data-testid=applied-filters] a[data-remove=brand]").Length);
    }

    [Fact]
    public async Task Many_unknown_brands_and_categories_are_named_in_one_notice_each()
    {
        var (a, _) = await TwoBrandsAsync();
        var stale = Enumerable.Range(1, 12).Select(i => $"gone-{i:D2}").ToList();
        var page = await _client.GetDocumentAsync($"/search?brand={a.Slug}&" + string.Join('&', stale.Select(s => "brand=" + s)) + "&category=nowhere&category=elsewhere");

        var notices = FacetPage.Notices(page);
        Assert.Equal(2, notices.Count);
        Assert.Contains("There are no brands " + string.Join(", ", stale.SkipLast(1).Select(s => $"“{s}”")) + $" and “{stale[^1]}”; they were left out.", notices);
        Assert.Contains("There are no categories “elsewhere” and “nowhere”; they were left out.", notices);
        Assert.Equal([a.Slug], FacetPage.Chosen(page, "brand"));

        var category = await _client.GetDocumentAsync("/categories/electronics?category=lighting&category=men-s-clothing");
        Assert.Contains(FacetPage.Notices(category), n => n.EndsWith("are not part of Electronics; they were left out.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_brand_with_products_is_offered_the_commonest_in_view_and_the_rest_folded()
    {
        // Found by an outside review: the facet stopped at twelve brands, and nothing said more existed.
        var perBrand = await DbAsync(db => db.Products.Where(p => p.IsActive && p.Stock > 0).GroupBy(p => p.Brand!.Slug).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count));
        Assert.True(perBrand.Count > WebApp.Pages.FacetPanel.BrandsInView + 1, "the store has more brands than fit in view");
        var page = await _client.GetDocumentAsync("/search?inStock=true");

        Assert.Equal(perBrand, FacetPage.Counts(page, "brand"));
        var folded = page.QuerySelector("[data-testid=more-brands]")!;
        var foldedCounts = folded.QuerySelectorAll("a[data-facet=brand] .facet-count").Select(c => FacetPage.Number(c.TextContent)).ToList();
        Assert.Equal(perBrand.Count - WebApp.Pages.FacetPanel.BrandsInView, foldedCounts.Count);
        Assert.Equal($"{foldedCounts.Count} more brands", folded.QuerySelector("summary")!.TextContent.Trim());
        // The commonest are the ones in view: none folded outnumbers one in view.
        var inView = FacetPage.Counts(page, "brand").Values.Sum() - foldedCounts.Sum();
        Assert.True(perBrand.Values.OrderDescending().Take(WebApp.Pages.FacetPanel.BrandsInView).Sum() == inView);

        // A folded brand once chosen moves into view, ticked.
        var pick = folded.QuerySelector("a[data-facet=brand]")!.GetAttribute("data-key")!;
        var chosen = await _client.GetDocumentAsync($"/search?inStock=true&brand={pick}");
        Assert.Null(chosen.QuerySelector($"[data-testid=more-brands] a[data-key='{pick}']"));
        Assert.Equal([pick], FacetPage.Chosen(chosen, "brand"));
    }

    [Fact]
    public async Task A_chosen_brand_outside_the_top_brands_still_shows_with_its_count()
    {
        var perBrand = await DbAsync(db => db.Products.Where(p => p.IsActive).GroupBy(p => p.Brand!.Slug).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        var rare = perBrand.OrderBy(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal).First();
        var unchosen = await _client.GetDocumentAsync("/search?inStock=false");
        Assert.NotNull(unchosen.QuerySelector($"[data-testid=more-brands] a[data-key='{rare.Key}']"));

        var page = await _client.GetDocumentAsync($"/search?brand={rare.Key}");
        Assert.Null(page.QuerySelector($"[data-testid=more-brands] a[data-key='{rare.Key}']"));

        Assert.Equal(rare.Count, FacetPage.Counts(page, "brand")[rare.Key]);
        Assert.Equal([rare.Key], FacetPage.Chosen(page, "brand"));
        Assert.Equal(rare.Count, FacetPage.Total(page));
    }

    // The search's own entry (a shared page adds the fill's after it).
    private static string Timing(HttpResponseMessage response) =>
        System.Text.RegularExpressions.Regex.Match(response.Headers.GetValues("Server-Timing").Single(), "search;dur=[0-9.]+;desc=\"(\\w+)\"").Groups[1].Value;

    /// <summary>The two brands with the most products (two different departments' brands, as the seed spreads them).</summary>
    private Task<(Brand A, Brand B)> TwoBrandsAsync() => DbAsync(async db =>
    {
        var ids = await db.Products.Where(p => p.IsActive).GroupBy(p => p.BrandId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).Take(2).ToListAsync();
        var brands = await db.Brands.Where(b => ids.Contains(b.Id)).OrderBy(b => b.Slug).ToListAsync();
        return (brands[0], brands[1]);
    });

    private async Task<T> DbAsync<T>(Func<StoreDbContext, Task<T>> query)
    {
        using var scope = store.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }
}
