using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Facets;

/// <summary>
/// Department and category pages are a browse of one category: the same products, totals and facet counts as the
/// search for that category, with the page's own URL, breadcrumb and subcategory chips.
/// </summary>
public sealed class CategoryPageFacetTests(StoreFactory store) : IClassFixture<StoreFactory>
{
    private readonly HttpClient _client = store.CreateClient();

    [Theory]
    [InlineData("electronics", "", "category=electronics", true)]
    [InlineData("electronics", "sort=price-asc&page=2&inStock=true", "category=electronics&sort=price-asc&page=2&inStock=true", false)]
    [InlineData("electronics", "category=laptops&minPrice=100&sort=newest", "category=laptops&minPrice=100&sort=newest", true)]
    [InlineData("laptops", "maxPrice=900&sort=price-desc", "category=laptops&maxPrice=900&sort=price-desc", true)]
    [InlineData("home-kitchen", "inStock=true&page=3", "category=home-kitchen&inStock=true&page=3", false)]
    public async Task A_category_page_shows_what_the_search_for_that_category_shows(string slug, string filters, string search, bool withBrand)
    {
        var brand = withBrand ? "&brand=" + await TopBrandSlugAsync(slug) : "";
        var category = await _client.GetDocumentAsync($"/categories/{slug}?{filters}{brand}");
        var searched = await _client.GetDocumentAsync($"/search?{search}{brand}");

        Assert.Equal(Html.ProductIds(searched.QuerySelector("main")!), Html.ProductIds(category.QuerySelector("main")!));
        Assert.NotEmpty(Html.ProductIds(category.QuerySelector("main")!));
        Assert.Equal(FacetPage.Total(searched), FacetPage.Total(category));
        Assert.Equal(FacetPage.Counts(searched, "brand"), FacetPage.Counts(category, "brand"));
        Assert.Equal(FacetPage.PriceAndStock(searched), FacetPage.PriceAndStock(category));
        // The category page's subcategories count what the search counts for them.
        var sub = FacetPage.Counts(category, "category");
        var all = FacetPage.Counts(searched, "category");
        Assert.All(sub, kv => Assert.Equal(all[kv.Key], kv.Value));

        // Without a brand too: the plain department page against the database.
        var plain = await _client.GetDocumentAsync($"/categories/{slug}");
        var id = await DbAsync(db => db.Categories.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
        Assert.Equal(await DbAsync(db => db.Products.CountAsync(p => p.IsActive && (p.CategoryId == id || p.DepartmentId == id))), FacetPage.Total(plain));
    }

    [Fact]
    public async Task A_department_page_counts_its_subcategories_and_brands_and_keeps_breadcrumb_chips_and_url()
    {
        var page = await _client.GetDocumentAsync("/categories/electronics");

        var products = await DbAsync(db => db.Products.Where(p => p.IsActive && p.DepartmentId == db.Categories.Single(c => c.Slug == "electronics").Id)
            .Select(p => new { Category = p.Category!.Slug, Brand = p.Brand!.Slug }).ToListAsync());
        var subcategories = FacetPage.Counts(page, "category");
        Assert.Equal(products.GroupBy(p => p.Category).ToDictionary(g => g.Key, g => g.Count()), subcategories);
        Assert.Equal(products.GroupBy(p => p.Brand).OrderByDescending(g => g.Count()).Take(12).ToDictionary(g => g.Key, g => g.Count()), FacetPage.Counts(page, "brand"));
        Assert.Equal(["Home", "Electronics"], page.QuerySelectorAll(".breadcrumb-item").Select(li => li.TextContent.Trim()));
        Assert.Equal(subcategories.Count, page.QuerySelectorAll("nav[aria-label=Subcategories] a.chip").Length);
        Assert.StartsWith("/categories/electronics?category=", FacetPage.Href(page, "category", "laptops"), StringComparison.Ordinal);
        Assert.Equal("/categories/electronics", page.QuerySelector("form.sort-form")!.GetAttribute("action"));
    }

    [Fact]
    public async Task Category_page_filters_and_paging_keep_every_choice_and_a_page_past_the_last_is_not_found()
    {
        // Four brands and all but the smallest subcategory: enough products for several pages.
        var electronics = await DbAsync(db => db.Categories.Where(c => c.Slug == "electronics").Select(c => c.Id).SingleAsync());
        var rows = await DbAsync(db => db.Products.Where(p => p.IsActive && p.DepartmentId == electronics)
            .Select(p => new { p.Id, p.PriceCents, Brand = p.Brand!.Slug, Category = p.Category!.Slug }).ToListAsync());
        var brands = rows.GroupBy(p => p.Brand).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).Take(4).ToList();
        var categories = rows.GroupBy(p => p.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).SkipLast(1).ToList();
        var url = "/categories/electronics?" + string.Join('&', brands.Select(b => "brand=" + b).Reverse().Concat(categories.Select(c => "category=" + c))) + "&sort=price-asc";
        var expected = rows.Where(p => brands.Contains(p.Brand) && categories.Contains(p.Category)).OrderBy(p => p.PriceCents).ThenBy(p => p.Id).Select(p => p.Id).ToList();
        Assert.True(expected.Count > 24, "the choice fills more than a page");

        var first = await _client.GetDocumentAsync(url);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var canonical = string.Join('&', categories.Order(StringComparer.Ordinal).Select(c => "category=" + c).Concat(brands.Order(StringComparer.Ordinal).Select(b => "brand=" + b)));
        Assert.Equal($"/categories/electronics?{canonical}&sort=price-asc&page=2", next);
        var second = await _client.GetDocumentAsync(next);

        Assert.Equal(expected.Count, FacetPage.Total(first));
        Assert.Equal(expected.Take(48), Html.ProductIds(first.QuerySelector("main")!).Concat(Html.ProductIds(second.QuerySelector("main")!)));
        Assert.Equal(categories.Order(StringComparer.Ordinal), FacetPage.Chosen(second, "category").Order(StringComparer.Ordinal));
        Assert.Equal(brands.Order(StringComparer.Ordinal), FacetPage.Chosen(second, "brand").Order(StringComparer.Ordinal));

        var lastPage = (expected.Count + 23) / 24;
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(next.Replace("page=2", $"page={lastPage}", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(next.Replace("page=2", $"page={lastPage + 1}", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/categories/electronics?page=99999999")).StatusCode);
    }

    [Fact]
    public async Task A_page_past_the_last_is_a_404_that_keeps_the_filters_and_leads_to_the_real_pages()
    {
        var brand = await TopBrandSlugAsync("electronics");
        var total = FacetPage.Total(await _client.GetDocumentAsync($"/categories/electronics?brand={brand}&sort=price-asc"));
        var pages = (total + 23) / 24;
        Assert.True(pages > 1, "the brand fills more than a page");

        // Asked twice: the second request (where a shared page would be stored and served) gets the same answer.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await _client.GetAsync($"/categories/electronics?brand={brand}&sort=price-asc&page={pages + 5}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var page = await Html.GetDocumentAsync(response);

            var answer = page.QuerySelector("[data-testid=past-the-end]")!;
            Assert.Contains($"There is no page {pages + 5} here", answer.TextContent, StringComparison.Ordinal);
            Assert.Contains($"With these filters, Electronics has {pages} pages of products.", Squash(answer), StringComparison.Ordinal);
            var links = answer.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
            Assert.Equal([$"/categories/electronics?brand={brand}&sort=price-asc", $"/categories/electronics?brand={brand}&sort=price-asc&page={pages}"], links);
            // The filters stay in view and chosen, and the count says how many there are.
            Assert.Equal([brand], FacetPage.Chosen(page, "brand"));
            Assert.Equal(total, FacetPage.Total(page));
            Assert.Empty(Html.ProductIds(page.QuerySelector("main")!));
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/categories/electronics?brand={brand}&sort=price-asc&page={pages}")).StatusCode);

        // Past the deepest page a listing allows, past any int, or a number too long to show: the same answer.
        foreach (var (page, heading) in new[] { ("10001", "There is no page 10,001 here"), ("2147483648", "There is no page 2,147,483,648 here"), (new string('9', 400), "There is no such page here") })
        {
            using var response = await _client.GetAsync($"/categories/electronics?brand={brand}&sort=price-asc&page={page}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var document = await Html.GetDocumentAsync(response);
            Assert.Equal(heading, document.QuerySelector("[data-testid=past-the-end] h2")!.TextContent.Trim());
            Assert.Empty(FacetPage.Notices(document));
            Assert.Equal(total, FacetPage.Total(document));
        }

        // A filter that matches nothing, past its one page: the plain "nothing matches" answer, still a 404.
        using var none = await _client.GetAsync("/categories/laptops?maxPrice=0.01&page=3");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var empty = await Html.GetDocumentAsync(none);
        Assert.Null(empty.QuerySelector("[data-testid=past-the-end]"));
        Assert.Equal("/categories/laptops", empty.QuerySelector(".empty-results a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("price-asc")]
    [InlineData("newest")]
    [InlineData("rating")]
    public async Task Deep_pages_of_a_large_listing_follow_the_sort_to_the_last_product(string sort)
    {
        // Past a thousand products the scan keeps every key and selects the page instead of keeping a heap: check its order.
        var all = await DbAsync(db =>
        {
            var q = db.Products.Where(p => p.IsActive);
            return (sort switch
            {
                "price-asc" => q.OrderBy(p => p.PriceCents).ThenBy(p => p.Id),
                "newest" => q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
                _ => q.OrderByDescending(p => p.RatingAverage).ThenByDescending(p => p.RatingCount).ThenByDescending(p => p.Id),
            }).Select(p => p.Id).ToListAsync();
        });
        Assert.True(all.Count > 1_000);
        var lastPage = (all.Count + 23) / 24;

        foreach (var page in new[] { 42, 45, lastPage - 1, lastPage })
        {
            var listing = await _client.GetDocumentAsync($"/search?sort={sort}&page={page}");
            Assert.Equal(all.Skip((page - 1) * 24).Take(24), Html.ProductIds(listing.QuerySelector("main")!));
        }
    }

    [Fact]
    public async Task Removing_a_subcategory_on_a_category_page_keeps_the_brand_and_stays_on_the_page()
    {
        var brand = await TopBrandSlugAsync("electronics");
        var page = await _client.GetDocumentAsync($"/categories/electronics?category=laptops&brand={brand}&inStock=true");

        var remove = page.QuerySelectorAll("[data-testid=applied-filters] a[data-remove=category]").Single().GetAttribute("href");
        Assert.Equal($"/categories/electronics?brand={brand}&inStock=true", remove);
        Assert.Equal("/categories/electronics", page.QuerySelector("[data-testid=clear-all]")!.GetAttribute("href"));
        Assert.Equal("Filters (3 applied)", Squash(page.QuerySelector("[data-testid=filter-panel] > summary")!));
    }

    [Theory]
    [InlineData("/categories/electronics?category=lighting", "not part of Electronics")]
    [InlineData("/categories/electronics?category=no-such-thing", "no-such-thing")]
    [InlineData("/categories/electronics?brand=no-such-brand", "no-such-brand")]
    [InlineData("/categories/electronics?brand=%27%3B--&category=%3Cb%3E", "not valid")]
    public async Task A_category_page_leaves_out_what_is_unknown_or_elsewhere_and_says_so(string url, string notice)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Contains(FacetPage.Notices(page), n => n.Contains(notice, StringComparison.Ordinal));
        var department = await DbAsync(db => db.Products.CountAsync(p => p.IsActive && p.DepartmentId == db.Categories.Single(c => c.Slug == "electronics").Id));
        Assert.Equal(department, FacetPage.Total(page));
    }

    [Fact]
    public async Task A_filter_that_matches_nothing_on_a_category_page_offers_to_clear_it()
    {
        var page = await _client.GetDocumentAsync("/categories/laptops?maxPrice=0.01");

        Assert.Equal(0, FacetPage.Total(page));
        Assert.Equal("/categories/laptops", page.QuerySelector(".empty-results a")!.GetAttribute("href"));

        // The search page offers it too, keeping the words (it only said "clear the filters": session 47's review).
        var search = await _client.GetDocumentAsync("/search?q=laptop&maxPrice=0.01&brand=nordvik");
        Assert.Equal(0, FacetPage.Total(search));
        var clear = search.QuerySelector("[data-testid=clear-filters]")!;
        Assert.Equal("/search?q=laptop", clear.GetAttribute("href"));
        Assert.NotEqual(0, FacetPage.Total(await _client.GetDocumentAsync(clear.GetAttribute("href")!)));
        Assert.Null((await _client.GetDocumentAsync("/search?q=zzqqxxnothing")).QuerySelector("[data-testid=clear-filters]"));
    }

    private static string Squash(IElement element) => string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Replace("( ", "(", StringComparison.Ordinal);

    private Task<string> TopBrandSlugAsync(string categorySlug) => DbAsync(db =>
    {
        var id = db.Categories.Where(c => c.Slug == categorySlug).Select(c => c.Id).Single();
        return db.Products.Where(p => p.IsActive && (p.CategoryId == id || p.DepartmentId == id)).GroupBy(p => p.Brand!.Slug)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
    });

    private async Task<T> DbAsync<T>(Func<StoreDbContext, Task<T>> query)
    {
        using var scope = store.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<StoreDbContext>());
    }
}
