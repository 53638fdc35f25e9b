using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Security;

namespace WebApp.Pages.Search;

[EnableRateLimiting(RateLimits.Search)]
public sealed class IndexModel(ProductCards cards, ProductSearch search, StoreDbContext db, CategoryTree tree) : PageModel
{
    public SearchRequest Criteria { get; private set; } = null!;
    public SearchResult Result { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public string Query { get; private set; } = "";
    public int TotalPages { get; private set; }
    public ListingLinks Links { get; private set; } = null!;
    public FacetPanel Facets { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Query = Request.Query["q"].ToString();
        if (Query.Length > SearchText.MaxInputLength)
        {
            Problems.Add($"Searches are limited to {SearchText.MaxInputLength} characters; the rest was ignored.");
            Query = Query[..SearchText.MaxInputLength];
        }
        Criteria = await search.KnownOnlyAsync(SearchRequest.From(Request.Query, Problems), Problems);
        Links = new ListingLinks("/search", Query, Criteria);
        var (result, hit) = await search.SearchAsync(Criteria);
        Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
        Result = result;
        TotalPages = Pager.PagesFor(result.Total);
        Products = await cards.LoadAsync(db, result.Ids, ct);
        Facets = new FacetPanel(Criteria, result, Links, await tree.GetAsync(), Scope: null);
    }

    /// <summary>What the notice says search looked for instead, when every word together found nothing.</summary>
    public string? RelaxedTo => Result.RelaxedTo switch
    {
        MatchMode.AnyWord => "any of the words",
        MatchMode.AnyPrefix => "words starting with what you typed",
        _ => null,
    };

    /// <summary>The filters this search keeps when the sort is changed by a form.</summary>
    public IEnumerable<KeyValuePair<string, string?>> FilterFields => Links.Fields("sort");

    /// <summary>This search's first page with some single-valued parameters changed (null removes one).</summary>
    public string UrlWith(params (string Key, string? Value)[] changes) => Links.With(changes);

    public string PageUrl(int page) => Links.Page(page);
}
