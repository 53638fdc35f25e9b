using Microsoft.AspNetCore.Html;
using WebApp.Catalog;
using WebApp.Search;

namespace WebApp.Pages;

/// <summary>
/// What the filter sidebar (<c>Shared/_Facets.cshtml</c>) shows, the same on the search page and on category pages:
/// a listing's request, its answer, its links, and the category whose page it is (null on search).
/// </summary>
public sealed record FacetPanel(SearchRequest Criteria, SearchResult Result, ListingLinks Links, CategoryTree.Snapshot Tree, CategoryNode? Scope)
{
    /// <summary>Brands listed in view; the rest fold behind "n more brands" (chosen ones always stay in view).</summary>
    public const int BrandsInView = 12;

    /// <summary>
    /// The page asked for is past the listing's last: its results are on page 1, not below the panel, so the phone panel's
    /// last line goes there rather than folding the panel over "There is no page N here".
    /// </summary>
    public bool PastTheEnd { get; init; }

    /// <summary>Where the phone panel's last line goes: the results below it, or page 1 from past the end.</summary>
    public IHtmlContent ShowResultsUrl => PastTheEnd ? Links.Href(Criteria with { Page = 1 }) : new HtmlString("#results");

    /// <summary>Each filter applied, worded for its chip, with the link that removes it alone.</summary>
    public IEnumerable<(string Kind, string Label, string RemoveUrl)> Applied()
    {
        foreach (var slug in Criteria.Categories)
        {
            yield return ("category", Tree.BySlug.TryGetValue(slug, out var node) ? node.Name : slug, Links.For(Criteria.ToggleCategory(Tree, slug)));
        }
        foreach (var slug in Criteria.Brands)
        {
            yield return ("brand", Result.Brands.FirstOrDefault(b => b.Key == slug)?.Label ?? slug, Links.For(Criteria.ToggleBrand(slug)));
        }
        if (Criteria.MinPriceCents is not null || Criteria.MaxPriceCents is not null)
        {
            var band = PriceBand.Of(Criteria.MinPriceCents, Criteria.MaxPriceCents);
            yield return ("price", band is null ? RangeLabel(Criteria.MinPriceCents, Criteria.MaxPriceCents) : PriceBandLabel(band.Key), Links.For(Criteria with { MinPriceCents = null, MaxPriceCents = null, Page = 1 }));
        }
        if (Criteria.InStock) yield return ("stock", "In stock only", Links.For(Criteria with { InStock = false, Page = 1 }));
    }

    /// <summary>The phone panel's last line: "Show 18 results", "Show 10,000+ results", "Show 1 result".</summary>
    public string ShowResultsLabel => Result.Total switch
    {
        0 => "Show results",
        1 => "Show 1 result",
        var n => $"Show {n:N0}{(Result.TotalIsCapped ? "+" : "")} results",
    };

    /// <summary>This listing without its price filter (a band's or a typed range).</summary>
    public IHtmlContent AnyPriceUrl => Links.Href(Criteria with { MinPriceCents = null, MaxPriceCents = null, Page = 1 });

    public IHtmlContent CategoryUrl(string slug) => Links.Href(Criteria.ToggleCategory(Tree, slug));

    public IHtmlContent BrandUrl(string slug) => Links.Href(Criteria.ToggleBrand(slug));

    public IHtmlContent BandUrl(string key)
    {
        var band = PriceBand.All.Single(b => b.Key == key);
        return Links.Href(Criteria with { MinPriceCents = band.Min, MaxPriceCents = band.MaxPrice, Page = 1 });
    }

    /// <summary>A price facet in the shopper's words, from the band's own limits: "Under $25", "$25 to $50", "$500 and above".</summary>
    public static string PriceBandLabel(string key)
    {
        var band = PriceBand.All.Single(b => b.Key == key);
        return band switch
        {
            { Min: null, Max: { } to } => $"Under {Money.Whole(to)}",
            { Min: { } from, Max: null } => $"{Money.Whole(from)} and above",
            _ => $"{Money.Whole(band.Min ?? 0)} to {Money.Whole(band.Max ?? 0)}",
        };
    }

    /// <summary>
    /// A typed range, both ends included, to the cent: "Up to $40.99", "$10.00 and above", "$25.00 to $50.00" (a band's
    /// "$25 to $50" leaves $50.00 out, so the two must not read alike).
    /// </summary>
    private static string RangeLabel(long? min, long? max) => (min, max) switch
    {
        (null, { } to) => $"Up to {Money.Format(to)}",
        ({ } from, null) => $"{Money.Format(from)} and above",
        ({ } from, { } to) => $"{Money.Format(from)} to {Money.Format(to)}",
        _ => "Any price",
    };
}
