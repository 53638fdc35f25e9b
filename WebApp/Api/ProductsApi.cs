using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Security;

namespace WebApp.Api;

/// <summary>
/// The catalogue for apps. The list is the search page's search: the same parameters read by the same
/// <see cref="SearchRequest"/>, the same <see cref="ProductSearch"/> and cache, the same tiles; only the page size is the
/// client's to choose. A product carries an ETag so an app can revalidate it for a 304.
/// </summary>
public static class ProductsApi
{
    public sealed record ProductItem(int Id, string Name, string Brand, long PriceCents, string Price, int Stock, bool InStock,
        double RatingAverage, int RatingCount, string Url, string ImageUrl);

    /// <param name="CorrectedQuery">When the words as typed found nothing and misspelled words were corrected: the
    /// search the items are for (ask again with exact=1 for the words as typed, uncorrected). Null otherwise.</param>
    /// <param name="Sku">When q was exactly a product's SKU: that SKU, and the one item is that product. Null otherwise.</param>
    /// <param name="Facets">What the search page's filter panel shows for the same search: each filter's values with
    /// how many of these products each would leave (a facet counted without its own filter), so an app can offer them.</param>
    public sealed record ProductList(IReadOnlyList<ProductItem> Items, int Total, bool TotalIsCapped, int Page, int PageSize,
        IReadOnlyList<string> Notices, Paging.Links Links, string? CorrectedQuery, string? Sku, ProductFacets Facets);

    /// <summary>The filter values of a product list, as the search page's panel counts them.</summary>
    /// <param name="InStock">How many would be left with inStock=true.</param>
    public sealed record ProductFacets(IReadOnlyList<FacetItem> Categories, IReadOnlyList<FacetItem> Brands, IReadOnlyList<PriceFacet> Prices, int InStock);

    /// <param name="Value">What to send as category= or brand= (a slug: items name a brand by its display name).</param>
    /// <param name="Depth">Categories: how far below the list's top level (0 for a department in an unfiltered search).</param>
    public sealed record FacetItem(string Value, string Label, int Count, bool Selected, int Depth);

    /// <param name="MinPrice">What to send as minPrice (null: no floor).</param>
    /// <param name="MaxPrice">What to send as maxPrice (null: no ceiling).</param>
    public sealed record PriceFacet(string Label, string? MinPrice, string? MaxPrice, int Count, bool Selected);

    public sealed record ProductDetails(int Id, string Sku, string Name, string Description, string Brand, CategoryRef? Category,
        long PriceCents, string Price, int Stock, bool InStock, double RatingAverage, int RatingCount, string Url, string ImageUrl, DateTime UpdatedAt);

    public sealed record CategoryRef(int Id, string Name, string Slug);

    public sealed record CategoryItem(int Id, string Name, string Slug, string Url, IReadOnlyList<CategoryItem> Children);

    public static void Map(RouteGroupBuilder api)
    {
        var products = api.MapGroup("/products").WithTags("Catalogue");
        products.MapGet("/", ListAsync)
            .RequireRateLimiting(RateLimits.Search)
            .WithSummary("Search and browse products")
            .WithDescription("The parameters of the /search page (q, category, brand, minPrice, maxPrice, inStock, sort, page) plus exact and pageSize (1 to 100, default 24). category and brand may repeat, up to 20 each: brand=a&brand=b means either brand, and each is AND'ed with the other filters (category=laptops&brand=a&brand=b: laptops of brand a or b). A value the search page would drop with a notice (a bad price, an unknown brand or category) is dropped here too and named in notices; bad paging is a 400. When the words as typed find nothing, misspelled words are corrected against the catalogue's vocabulary and correctedQuery says what was searched (exact=1 searches the words as typed); when no product holds every word, the results are for any of them and notices says so. A q that is exactly a SKU answers with that one product and names it in sku.")
            .Produces<ProductList>()
            .ProducesValidationProblem();
        products.MapGet("/{id:int}", GetAsync)
            .WithSummary("One product, with an ETag (send If-None-Match for a 304)")
            .Produces<ProductDetails>()
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/categories", async (CategoryTree tree) =>
            {
                var snapshot = await tree.GetAsync();
                return TypedResults.Ok(snapshot.Departments.Select(Item).ToList());
            })
            .WithTags("Catalogue")
            .WithSummary("The category tree, departments first")
            .Produces<List<CategoryItem>>();
    }

    private static CategoryItem Item(CategoryNode node) => new(node.Id, node.Name, node.Slug, node.Url, [.. node.Children.Select(Item)]);

    private static async Task<IResult> ListAsync(HttpContext http, ProductSearch search, ProductCards cards, StoreDbContext db, WebApp.Currency.ExchangeRates rates, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(http.Request.Query, WebApp.Pages.Pager.PageSize, SearchRequest.MaxPageSize, SearchRequest.MaxPage, errors);
        if (paging is null) return ApiProblems.Invalid(errors, "Check the paging parameters.");

        var notices = new List<string>();
        var request = await search.KnownOnlyAsync(SearchRequest.From(http.Request.Query, notices, rates: rates.Usable) with { Page = paging.Page, PageSize = paging.PageSize }, notices);
        var (result, hit) = await search.SearchAsync(request);
        http.Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
        // A SKU's answer, or a pasted list's, is those products whatever the price: nothing to say of one typed beside them.
        if (request.PriceFromWords is { } priced && result.Sku is null && result.SkusNotFound is null) notices.Add(priced.Notice + " Add exact=1 to search the words as typed.");
        // As the page says it: without this an app cannot tell these results do not hold every word.
        if (result.RelaxedWords is { } relaxed)
        {
            notices.Add(result.Total == 0 ? $"No product matches every word, nor any of them{(request.HasFilters ? " with these filters" : "")}."
                : $"No product matches every word; these are results for {relaxed}.");
        }
        // A correction the filters leave nothing of: correctedQuery alone read as an answer (a review, session 41).
        else if (result.CorrectedQuery is { } fixedUp && result.Total == 0)
        {
            notices.Add($"No product matches the corrected search {fixedUp}{(request.HasFilters ? " with these filters" : "")}.");
        }
        if (result.SkuNotFoundNotice(code => code) is { } unknownSkus) notices.Add(unknownSkus);
        if (result.PairsNotFoundNotice(pair => pair) is { } apart) notices.Add(apart);
        if (result.SkusNotFound is { } missing)
        {
            notices.Add("These are the products with the SKUs in q, in the order given.");
            if (missing.Count > 0) notices.Add($"No product has the SKU{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}.");
        }
        // The code without a price typed beside it ("No product has the SKU EL-00007095 under £50."; a review, session 40).
        else if (result.Total == 0 && request.Text.LooksLikeSku && request.Text.ExcludedSkus.Count == 0
            && (request.PriceFromWords?.Remaining ?? http.Request.Query["q"].ToString()).Trim() is var typed)
        {
            // As the page says it: a code shaped like a SKU that no product has is not loosened into its letters.
            notices.Add(request.Text.PastedSkus.Count > 1
                ? $"No product has any of the SKUs {string.Join(", ", request.Text.PastedSkus.Select(p => p.Code))}."
                : $"No product has the SKU {typed[..Math.Min(typed.Length, SearchText.MaxInputLength)]}.");
        }
        var items = (await cards.LoadAsync(db, result.Ids, ct)).Select(c => new ProductItem(c.Id, c.Name, c.BrandName, c.PriceCents, Money.Format(c.PriceCents),
            c.Stock, c.Stock > 0, c.RatingAverage, c.RatingCount, c.Url, c.ImageUrl)).ToList();
        var links = paging.LinkAll(http, result.Total, SearchRequest.MaxPage);
        // The last link stops at page 10,000 whatever the total: said, not left to be found (an outside review, session 45).
        if (paging.TotalPages(result.Total) > SearchRequest.MaxPage)
        {
            notices.Add($"Only the first {SearchRequest.MaxPage:N0} pages can be read ({(long)SearchRequest.MaxPage * paging.PageSize:N0} products at this page size): narrow the list with q, category, brand or price to reach the rest.");
        }
        return TypedResults.Json(new ProductList(items, result.Total, result.TotalIsCapped, paging.Page, paging.PageSize, notices, links,
            result.CorrectedQuery, result.Sku, FacetsOf(result)), json.Value.SerializerOptions);
    }

    // No brand list nor facets was in the API: an app could not offer the filters the page does, nor learn the brand
    // slugs brand= takes (an outside review, session 53). The same counts the page shows, from the same answer.
    private static ProductFacets FacetsOf(SearchResult result)
    {
        static FacetItem Item(FacetValue f) => new(f.Key, f.Label, f.Count, f.Selected, f.Depth);
        var prices = result.PriceBands.Select(f => PriceBand.All.FirstOrDefault(b => b.Key == f.Key) is { } band
            ? new PriceFacet(WebApp.Pages.FacetPanel.PriceBandLabel(f.Key), Money.Plain(band.Min), Money.Plain(band.MaxPrice), f.Count, f.Selected)
            : null).OfType<PriceFacet>().ToList();
        return new ProductFacets([.. result.Categories.Select(Item)], [.. result.Brands.Select(Item)], prices, result.InStockCount);
    }

    private static async Task<IResult> GetAsync(int id, HttpContext http, StoreDbContext db, CategoryTree tree, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var row = await db.Products.AsNoTracking()
            .Where(p => p.Id == id && p.IsActive)
            .Select(p => new
            {
                p.Id, p.Sku, p.Name, p.Slug, p.Description, Brand = p.Brand!.Name, p.CategoryId, p.PriceCents, p.Stock, p.RatingAverage, p.RatingCount, p.UpdatedAt,
                Photo = db.ProductPhotos.Where(ph => ph.ProductId == p.Id && ph.IsPrimary).Select(ph => ph.FileName).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (row is null) return ApiProblems.NotFound("No product is sold with that id.");

        var category = (await tree.GetAsync()).ById.GetValueOrDefault(row.CategoryId);
        var product = new ProductDetails(row.Id, row.Sku, row.Name, row.Description, row.Brand,
            category is null ? null : new CategoryRef(category.Id, category.Name, category.Slug),
            row.PriceCents, Money.Format(row.PriceCents), row.Stock, row.Stock > 0, row.RatingAverage, row.RatingCount,
            Product.UrlFor(row.Id, row.Slug), row.Photo is null ? ProductImage.UrlFor(row.Id, row.UpdatedAt) : MediaFiles.UrlFor(row.Photo), row.UpdatedAt);

        // The tag is the body's own hash: any change a client could see (price, stock, text) changes it.
        var body = JsonSerializer.SerializeToUtf8Bytes(product, json.Value.SerializerOptions);
        // Weak: the same tag stands for the gzip, brotli and identity encodings, which are not byte-identical.
        var etag = "W/\"" + Convert.ToBase64String(SHA256.HashData(body), 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
        http.Response.Headers.ETag = etag;
        // Revalidate on every use: the stock in it moves with every order.
        http.Response.Headers.CacheControl = "no-cache";
        if (Matches(http.Request.Headers.IfNoneMatch, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    // If-None-Match compares weakly (RFC 9110 13.1.2): "x" and W/"x" are the same tag.
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        ifNoneMatch.SelectMany(v => (v ?? "").Split(',')).Select(t => t.Trim()).Any(t => t == "*" || Opaque(t) == Opaque(etag));

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
