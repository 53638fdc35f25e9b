namespace WebApp.Catalog;

/// <summary>
/// The orders a product listing can be shown in: search, category pages and the API offer these and no others. The
/// search engine ranks by them in memory (<c>Search/RankKey.cs</c>); "Top rated" is the weighted rating
/// (<c>ProductFact.RatingScore</c>), not the plain average.
/// </summary>
public sealed record ProductSort(string Key, string Label)
{
    /// <summary>Only for words: without them there is nothing to be relevant to.</summary>
    public static readonly ProductSort Relevance = new("relevance", "Best match");
    public static readonly ProductSort Rating = new("rating", "Top rated");
    public static readonly ProductSort PriceAscending = new("price-asc", "Price: low to high");
    public static readonly ProductSort PriceDescending = new("price-desc", "Price: high to low");
    public static readonly ProductSort Newest = new("newest", "Newest");

    public static readonly IReadOnlyList<ProductSort> All = [Relevance, Rating, PriceAscending, PriceDescending, Newest];

    /// <summary>The sorts a listing without words offers (category pages, a search of filters only).</summary>
    public static readonly IReadOnlyList<ProductSort> WithoutWords = [.. All.Where(s => s != Relevance)];

    // Any letter case ("PRICE-ASC", from a hand-made link), as the other parameters' values are read; the page's own
    // links and its stored copies use the key as written here.
    public static ProductSort? Find(string? key) => All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A listing's default: best match when there are words, top rated otherwise.</summary>
    public static ProductSort DefaultFor(bool hasWords) => hasWords ? Relevance : Rating;

    /// <summary>The sort a listing uses for <paramref name="key"/>: a known one it offers, else its default.</summary>
    public static ProductSort Resolve(string? key, bool hasWords) =>
        Find(key) is { } sort && (hasWords || sort != Relevance) ? sort : DefaultFor(hasWords);
}
