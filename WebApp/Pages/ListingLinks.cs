using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.WebUtilities;
using WebApp.Catalog;
using WebApp.Search;

namespace WebApp.Pages;

/// <summary>
/// The links of one listing (the search page or a category page) for its current request. One selection has one
/// spelling: parameters in a fixed order, brands and categories sorted, defaults left out, so a link a shopper shares
/// is the link they clicked, and it reaches the same cache entry.
/// </summary>
public sealed class ListingLinks(string path, string query, SearchRequest criteria)
{
    public string Path => path;

    /// <summary>The listing for <paramref name="request"/>: filters, sort and page as it states them.</summary>
    public string For(SearchRequest request) => QueryHelpers.AddQueryString(path, Parameters(request));

    /// <summary>
    /// <see cref="For"/> as an <c>href</c> value, written into the page as it renders (HTML-encoded, as Razor writes a
    /// string) without the string: a filter panel has dozens of links, and building each was a third of its garbage.
    /// </summary>
    public IHtmlContent Href(SearchRequest request) => new HrefHtml(path, Parameters(request));

    public string Page(int page) => For(criteria with { Page = page });

    /// <summary>The parameters of this listing's own address, as its links spell them.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Current => Parameters(criteria);

    /// <summary>Every filter removed; the words, the sort and the listing's own category stay.</summary>
    public string ClearAll => For(criteria with { Categories = [], Brands = [], MinPriceCents = null, MaxPriceCents = null, InStock = false, Page = 1 });

    /// <summary>What a GET form on this listing carries as hidden fields, all but <paramref name="except"/> and the page (a new choice starts at page 1).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Fields(params string[] except) =>
        Parameters(criteria with { Page = 1 }).Where(kv => !except.Contains(kv.Key));

    /// <summary>
    /// Another listing (a subcategory's own page) with this one's brands, prices, stock and sort, from its first page:
    /// a shopper who chose two brands and then narrows to "Laptops" expects those brands still chosen.
    /// </summary>
    public string Elsewhere(string otherPath) => QueryHelpers.AddQueryString(otherPath, Parameters(criteria with { Categories = [], Page = 1 }));

    /// <summary>This listing's first page with single-valued parameters changed (null removes one), for links outside the facets.</summary>
    public string With(params (string Key, string? Value)[] changes)
    {
        var parameters = Parameters(criteria with { Page = 1 }).ToList();
        foreach (var (key, value) in changes)
        {
            var at = parameters.FindIndex(kv => kv.Key == key);
            parameters.RemoveAll(kv => kv.Key == key);
            if (value is null) continue;
            parameters.Insert(at < 0 ? parameters.Count : at, new(key, value));
        }
        return QueryHelpers.AddQueryString(path, parameters);
    }

    private IEnumerable<KeyValuePair<string, string?>> Parameters(SearchRequest r)
    {
        if (query.Length > 0) yield return new("q", query);
        if (r.Text.AsTyped) yield return new("exact", "1");
        foreach (var category in r.Categories) yield return new("category", category);
        foreach (var brand in r.Brands) yield return new("brand", brand);
        if (r.MinPriceCents is not null) yield return new("minPrice", Money.Plain(r.MinPriceCents));
        if (r.MaxPriceCents is not null) yield return new("maxPrice", Money.Plain(r.MaxPriceCents));
        if (r.InStock) yield return new("inStock", "true");
        if (r.Sort != ProductSort.DefaultFor(hasWords: !r.Text.IsEmpty)) yield return new("sort", r.Sort.Key);
        if (r.Page > 1) yield return new("page", r.Page.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // The same text as QueryHelpers.AddQueryString, then HTML-encoded: each key and value URL-encoded (so only "&"
    // between them needs HTML encoding), null values left out.
    private sealed class HrefHtml(string path, IEnumerable<KeyValuePair<string, string?>> parameters) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            encoder.Encode(writer, path);
            var separator = "?";
            foreach (var (key, value) in parameters)
            {
                if (value is null) continue;
                writer.Write(separator);
                separator = "&amp;";
                UrlEncoder.Default.Encode(writer, key);
                writer.Write('=');
                UrlEncoder.Default.Encode(writer, value);
            }
        }
    }
}
