using System.Diagnostics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;
using WebApp.Security;

namespace WebApp.Pages.Search;

[EnableRateLimiting(RateLimits.Search)]
public sealed class IndexModel(ProductCards cards, ProductSearch search, StoreDbContext db, CategoryTree tree, CatalogPageCache pages, WebApp.Currency.ExchangeRates rates) : PageModel
{
    public SearchRequest Criteria { get; private set; } = null!;
    public SearchResult Result { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public List<string> Problems { get; } = [];
    public string Query { get; private set; } = "";
    public int TotalPages { get; private set; }
    public ListingLinks Links { get; private set; } = null!;
    public FacetPanel Facets { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Query = SearchRequest.Words(Request.Query);
        // A page number past any page there can be is past the end, as on a category page: the search is read as its
        // first page and answered as a page past the end (a review found it shown as page 1 "not a page number").
        var beyond = Pager.IsBeyondAnyPage(Request.Query["page"].ToString());
        Criteria = await search.KnownOnlyAsync(SearchRequest.From(beyond ? Pager.WithoutPage(Request.Query) : Request.Query, Problems, rates: rates.Usable), Problems);
        // As SearchRequest.From read it (and said so): the words up to the limit, a pasted list of SKUs whole.
        if (Query.Length > SearchText.MaxInputLength && Criteria.Text.PastedSkus.Count == 0) Query = Query[..SearchText.MaxInputLength];
        // A price typed in the words is the price filter now: the page's links carry it as one ("laptop", "maxPrice=100"),
        // so it is chosen, changed and removed as any price is; the notice links the words as typed.
        if (Criteria.PriceFromWords is { } priced) Query = priced.Remaining;
        Links = new ListingLinks("/search", Query, Criteria);
        var (result, hit) = await search.SearchAsync(Criteria);
        Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
        Result = result;
        TotalPages = Pager.PagesFor(result.Total);
        Products = beyond ? [] : await cards.LoadAsync(db, result.Ids, ct);
        PastTheEnd = Products.Count == 0 && result.Total > 0;
        Facets = new FacetPanel(Criteria, result, Links, await tree.GetAsync(), Scope: null) { PastTheEnd = PastTheEnd };
        // A SKU names one product, and a shopper who pastes one from an invoice or a box wants that product's page,
        // the way a store's own staff would look it up: go straight there.
        if (result.Sku is not null && Products.Count == 1) return Redirect(Products[0].Url);
        // Only a plain answer is shared from the page cache: a miss is recorded for the shop owner on every try, and a
        // correction or a loosened search depends on the vocabulary, which loads in the background after a start.
        if (result.Total == 0 || result.CorrectedQuery is not null || result.RelaxedTo is not null) CatalogPageCache.StoreForNobody(HttpContext);
        // A page past the last still offers the way back, but as the 404 it is (a category page's is too), and it is
        // never stored: every query and page number a script invents would otherwise be a page kept in memory.
        // So is a later page of a search that found nothing at all (page 2 of "zzzzqq"), as a category page's is.
        if (PastTheEnd || result.Total == 0 && Criteria.Page > 1)
        {
            CatalogPageCache.StoreForNobody(HttpContext);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        CatalogPageCache.StoreOnlyIfCanonical(HttpContext, Links.Path, Links.Current);
        pages.StoreWhenAskedAgain(HttpContext);
        return Page();
    }

    /// <summary>
    /// What a browse without words shows, as its heading: the chosen categories and brands by name ("Bedding by Nordvik",
    /// "Lamps or Bedding", "Products by Nordvik"), or all products. The facets carry every chosen value with its name, even one with no products left.
    /// </summary>
    public string BrowseTitle
    {
        get
        {
            // Either of the chosen values within a facet, as the filters mean it: "Laptops or Smartphones by Zenworks",
            // where a list of all ("Electronics, Books, Fashion, Puretek, Zenworks") did not tell categories from brands.
            static string Either(List<string> names) => names.Count == 1 ? names[0] : string.Join(", ", names.SkipLast(1)) + " or " + names[^1];
            var categories = Result.Categories.Where(f => f.Selected).Select(f => f.Label).ToList();
            var brands = Result.Brands.Where(f => f.Selected).Select(f => f.Label).ToList();
            if (categories.Count > 0 && brands.Count > 0) return $"{Either(categories)} by {Either(brands)}";
            if (categories.Count > 0) return Either(categories);
            if (brands.Count > 0) return $"Products by {Either(brands)}";
            // Filters chosen but no facets to name them: a category or brand removed while the page was computed.
            return Criteria.Categories.Count + Criteria.Brands.Count > 0 ? "Products" : "All products";
        }
    }

    /// <summary>The search the results are for: the correction when the words as typed found nothing, else as typed.</summary>
    /// <summary>
    /// The words as the shopper typed them (<see cref="SearchText.Shown"/>), for the heading and the notices: the
    /// normalized words drop what is not a letter or digit, so "men's shoes" read "No results for men s shoes" (an
    /// outside review).
    /// </summary>
    public string Typed => SearchText.Shown(Query);

    /// <summary>"Search instead for" what was typed: the same search, with no correction.</summary>
    public string AsTypedUrl => UrlWith(("exact", "1"));

    /// <summary>The corrected search as a search of its own (it is still corrected nowhere: every word is known).</summary>
    /// <summary>The page asked for is past the results' last (there are results, none on this page).</summary>
    public bool PastTheEnd { get; private set; }

    /// <summary>The page number as the address asked for it, for a page past the end ("10,001": it is read as 10,000).</summary>
    public string? AskedPage => Pager.Asked(Request.Query["page"].ToString());

    /// <summary>"Search instead for" the words with the price typed in them as words: without the price read from them.</summary>
    public string? PricedAsTypedUrl => Criteria.PriceFromWords is { } priced
        ? Links.With(("q", priced.Typed), ("exact", "1"), ("minPrice", priced.AppliedMin ? null : Money.Plain(Criteria.MinPriceCents)),
            ("maxPrice", priced.AppliedMax ? null : Money.Plain(Criteria.MaxPriceCents)))
        : null;

    /// <summary>A price typed alone ("coffee $25") as a filter, the maximum or the minimum (the links' words are already without it).</summary>
    public string PricedUrl(string bound, long cents) => Links.With((bound, Money.Plain(cents)));

    public string CorrectedUrl => UrlWith(("q", Result.CorrectedQuery));

    /// <summary>
    /// The correction's words as the notice shows them: a word the shopper typed as they wrote it ("Stainless Steel
    /// kettle", not "stainless steel kettle"), and what the correction changed marked, as the eye looks for what changed
    /// (left as found in session 47: every word was lower-cased and set alike). Typed words are matched in order,
    /// ignoring case, accents and the punctuation around them; a unit keeps the case the correction gives it.
    /// </summary>
    public IHtmlContent CorrectedShown
    {
        get
        {
            var shown = new HtmlContentBuilder();
            foreach (var (word, changed) in Marked(Typed, Result.CorrectedQuery ?? ""))
            {
                if (shown.Count > 0) shown.Append(" ");
                if (changed) shown.AppendHtml("<strong class=\"fst-italic\">").Append(word).AppendHtml("</strong>");
                else shown.Append(word);
            }
            return shown;
        }
    }

    /// <summary>The heading's words: the correction's, each typed word as written (the heading lower-cased "Stainless Steel
    /// Kettel" where the notice kept its case; session 52's review).</summary>
    public string CorrectedHeading => string.Join(' ', Marked(Typed, Result.CorrectedQuery ?? "").Select(w => w.Word));

    internal static IReadOnlyList<(string Word, bool Changed)> Marked(string typed, string corrected)
    {
        var typedWords = typed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim(TrimmedAround)).Where(w => w.Length > 0).ToList();
        var words = new List<(string, bool)>();
        var next = 0;
        foreach (var word in corrected.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = typedWords.FindIndex(next, t => NameWords.Fold(t) == NameWords.Fold(word));
            if (at < 0)
            {
                words.Add((word, true));
                continue;
            }
            // A unit is written as the catalogue writes it ("16 GB" for "16gb"): its case is the correction's.
            words.Add((word.Any(char.IsUpper) ? word : typedWords[at], false));
            next = at + 1;
        }
        return words;
    }

    private static readonly char[] TrimmedAround = ",.;:!?()[]{}\"'“”‘’".ToCharArray();

    /// <summary>What the notice says search looked for instead, when every word together found nothing.</summary>
    public string? RelaxedTo => Result.RelaxedWords;

    /// <summary>The filters this search keeps when the sort is changed by a form.</summary>
    public IEnumerable<KeyValuePair<string, string?>> FilterFields => Links.Fields("sort");

    /// <summary>This search's first page with some single-valued parameters changed (null removes one).</summary>
    public string UrlWith(params (string Key, string? Value)[] changes) => Links.With(changes);

    public string PageUrl(int page) => Links.Page(page);
}
