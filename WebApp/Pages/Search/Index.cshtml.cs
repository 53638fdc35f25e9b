using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Security;

namespace WebApp.Pages.Search;

[EnableRateLimiting(RateLimits.Search)]
public sealed class IndexModel(ProductCards cards, ProductSearch search, StoreDbContext db) : PageModel
{
    public SearchRequest Criteria { get; private set; } = null!;
    public SearchResult Result { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public string Query { get; private set; } = "";
    public int TotalPages { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Query = Request.Query["q"].ToString();
        if (Query.Length > SearchText.MaxInputLength)
        {
            Problems.Add($"Searches are limited to {SearchText.MaxInputLength} characters; the rest was ignored.");
            Query = Query[..SearchText.MaxInputLength];
        }
        Criteria = SearchRequest.From(Request.Query, Problems);
        var (result, hit) = await search.SearchAsync(Criteria);
        Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
        Result = result;
        TotalPages = Math.Max(1, (result.Total + SearchRequest.PageSize - 1) / SearchRequest.PageSize);
        Products = await cards.LoadAsync(db, result.Ids, ct);
    }

    /// <summary>This search's URL with some parameters changed (null removes one); any change but paging returns to page 1.</summary>
    public string UrlWith(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>
        {
            ["q"] = Query.Length > 0 ? Query : null,
            ["category"] = Criteria.Category,
            ["brand"] = Criteria.Brand,
            ["minPrice"] = Dollars(Criteria.MinPriceCents),
            ["maxPrice"] = Dollars(Criteria.MaxPriceCents),
            ["inStock"] = Criteria.InStock ? "true" : null,
            ["sort"] = Criteria.Sort == SearchRequest.Relevance || (Criteria.Text.IsEmpty && Criteria.Sort == "rating") ? null : Criteria.Sort,
            ["page"] = null,
        };
        foreach (var (key, value) in changes) values[key] = value;
        return QueryHelpers.AddQueryString("/search", values.Where(kv => kv.Value is not null));
    }

    public string PageUrl(int page) => UrlWith(("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null));

    public string BandUrl(string key)
    {
        var band = ProductSearch.PriceBands.Single(b => b.Key == key);
        return UrlWith(("minPrice", Dollars(band.Min)), ("maxPrice", Dollars(band.Max)));
    }

    private static string? Dollars(long? cents) => cents is { } c ? (c / 100m).ToString("0.##", CultureInfo.InvariantCulture) : null;
}
