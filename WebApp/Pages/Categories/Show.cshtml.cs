using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Pages.Categories;

/// <summary>
/// A department or category: a browse of that category through <see cref="ProductSearch.BrowseAsync"/>, with the search
/// page's filters, facets, sorts and exact counts from the same in-memory scan (no SQL count), so the same search for
/// this category shows the same products and numbers. Nothing here depends on who is asking, so the page can be output-cached.
/// </summary>
public sealed class ShowModel(ProductCards cards, ProductSearch search, StoreDbContext db, CategoryTree tree, CatalogPageCache pages) : PageModel
{
    public CategoryNode Category { get; private set; } = null!;
    public SearchRequest Criteria { get; private set; } = null!;
    public SearchResult Result { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public int TotalPages { get; private set; }
    public ListingLinks Links { get; private set; } = null!;
    public FacetPanel Facets { get; private set; } = null!;

    /// <summary>The page number asked for is past this listing's last page.</summary>
    public bool PastTheEnd { get; private set; }

    /// <summary>The page number asked for past the end, as shown ("400", "2,147,483,648"); null when too long to show.</summary>
    public string? AskedPage { get; private set; }

    public int Total => Result.Total;
    public ProductSort Sort => Criteria.Sort;
    public int PageNumber => Criteria.Page;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var categories = await tree.GetAsync();
        if (!categories.BySlug.TryGetValue(slug, out var category)) return NotFound();
        // One address per category, as products have: another letter case or a trailing slash found the same page but
        // was a second copy of it for search engines, and rendered on every request (only the canonical one is stored).
        // Permanent, but never kept by a browser without asking: an admin may rename a category and rename it back.
        if (!string.Equals(Request.Path.Value, category.Url, StringComparison.Ordinal))
        {
            Response.Headers.CacheControl = "no-cache";
            return RedirectPermanent(category.Url + Request.QueryString);
        }
        Category = category;

        // A category page has no words ("q" is the search page's). A page number past the deepest a listing allows, or
        // past any int, is past the end like any other: the listing is read as its first page and answered as below.
        var askedPage = Request.Query["page"].ToString();
        var beyond = Pager.IsBeyondAnyPage(askedPage);
        var query = beyond ? Pager.WithoutPage(Request.Query) : Request.Query;
        Criteria = await search.KnownOnlyAsync(SearchRequest.From(query, Problems, words: false), Problems, scope: category);
        Links = new ListingLinks(category.Url, "", Criteria);

        var (result, hit) = await search.BrowseAsync(category, Criteria);
        Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
        Result = result;
        TotalPages = Math.Min(Pager.PagesFor(result.Total), SearchRequest.MaxPage);
        if (beyond || Criteria.Page > TotalPages)
        {
            // An old link or a typed number past the end (the catalogue shrank, a filter narrowed it): still a 404 for
            // crawlers, but the shopper gets the category, its filters and the way to its real pages, not a dead end.
            AskedPage = Pager.Asked(beyond ? askedPage : Criteria.Page.ToString(CultureInfo.InvariantCulture));
            PastTheEnd = result.Total > 0;   // with nothing to show at all, the page says that instead
            Response.StatusCode = StatusCodes.Status404NotFound;
            Facets = new FacetPanel(Criteria, result, Links, categories, category) { PastTheEnd = PastTheEnd };
            CatalogPageCache.StoreForNobody(HttpContext);
            return Page();
        }

        Products = await cards.LoadAsync(db, result.Ids, ct);
        Facets = new FacetPanel(Criteria, result, Links, categories, category);
        CatalogPageCache.StoreOnlyIfCanonical(HttpContext, Links.Path, Links.Current);
        // Past the first pages, stored from the second request on, as searches are: a crawler or a shopper jumping deep
        // asks for most such pages once, and storing each (a copy made, the store's busiest pages pushed out) was a
        // sixth of what the render cost, for a page nobody asked for again.
        if (Criteria.Page > ProductSearch.PagesRankedTogether) pages.StoreWhenAskedAgain(HttpContext);
        else pages.StoreWhenAskedAgainIfFull(HttpContext);
        return Page();
    }

    public string UrlFor(int page) => Links.Page(page);
}
