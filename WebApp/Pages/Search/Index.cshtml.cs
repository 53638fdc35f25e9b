using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
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

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
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
        TotalPages = Pager.PagesFor(result.Total);
        Products = await cards.LoadAsync(db, result.Ids, ct);
        // A SKU names one product, and a shopper who pastes one from an invoice or a box wants that product's page,
        // the way a store's own staff would look it up: go straight there.
        if (result.Sku is not null && Products.Count == 1) return Redirect(Products[0].Url);
        return Page();
    }

    /// <summary>The search the results are for: the correction when the words as typed found nothing, else as typed.</summary>
    public string ShownQuery => Result.CorrectedQuery ?? Criteria.Text.Normalized;

    /// <summary>"Search instead for" what was typed: the same search, with no correction.</summary>
    public string AsTypedUrl => UrlWith(("exact", "1"));

    /// <summary>The corrected search as a search of its own (it is still corrected nowhere: every word is known).</summary>
    public string CorrectedUrl => UrlWith(("q", Result.CorrectedQuery));

    /// <summary>What the notice says search looked for instead, when every word together found nothing.</summary>
    public string? RelaxedTo => Result.RelaxedTo switch
    {
        MatchMode.AnyWord => "any of the words",
        MatchMode.AnyPrefix => "words starting with what you typed",
        _ => null,
    };

    /// <summary>A price facet in the shopper's words, from the band's own limits: "Under $25", "$25 to $50", "$500 and above".</summary>
    public static string PriceBandLabel(string key) => PriceBand.All.Single(b => b.Key == key) switch
    {
        { Min: null, Max: { } max } => $"Under {Money.Whole(max)}",
        { Min: { } min, Max: null } => $"{Money.Whole(min)} and above",
        var band => $"{Money.Whole(band.Min!.Value)} to {Money.Whole(band.Max!.Value)}",
    };

    /// <summary>The filters this search keeps when the sort or the price range is changed by a form.</summary>
    public IEnumerable<(string Key, string? Value)> FilterFields => [
        ("q", Query.Length > 0 ? Query : null), ("category", Criteria.Category), ("brand", Criteria.Brand),
        ("minPrice", Money.Plain(Criteria.MinPriceCents)), ("maxPrice", Money.Plain(Criteria.MaxPriceCents)), ("inStock", Criteria.InStock ? "true" : null),
        ("exact", Criteria.Text.AsTyped ? "1" : null)];

    /// <summary>This search's URL with some parameters changed (null removes one); any change but paging returns to page 1.</summary>
    public string UrlWith(params (string Key, string? Value)[] changes)
    {
        var values = FilterFields.ToDictionary(f => f.Key, f => f.Value);
        values["sort"] = Criteria.Sort == ProductSort.DefaultFor(hasWords: !Criteria.Text.IsEmpty) ? null : Criteria.Sort.Key;
        values["page"] = null;
        foreach (var (key, value) in changes) values[key] = value;
        return QueryHelpers.AddQueryString("/search", values.Where(kv => kv.Value is not null));
    }

    public string PageUrl(int page) => UrlWith(("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null));

    public string BandUrl(string key)
    {
        var band = PriceBand.All.Single(b => b.Key == key);
        return UrlWith(("minPrice", Money.Plain(band.Min)), ("maxPrice", Money.Plain(band.Max)));
    }
}
