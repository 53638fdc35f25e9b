namespace WebApp.Catalog;

/// <summary>
/// The orders a product listing can be shown in: search, category pages and the API offer these and no others.
/// <see cref="OrderBy"/> is what a listing read from SQL sorts by; only these strings ever reach SQL.
/// </summary>
public sealed record ProductSort(string Key, string Label, string? OrderBy)
{
    /// <summary>Only for words: without them there is nothing to be relevant to.</summary>
    public static readonly ProductSort Relevance = new("relevance", "Best match", null);
    public static readonly ProductSort Rating = new("rating", "Top rated", "RatingAverage DESC, RatingCount DESC, Id DESC");
    public static readonly ProductSort PriceAscending = new("price-asc", "Price: low to high", "PriceCents, Id");
    public static readonly ProductSort PriceDescending = new("price-desc", "Price: high to low", "PriceCents DESC, Id DESC");
    public static readonly ProductSort Newest = new("newest", "Newest", "CreatedAt DESC, Id DESC");

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
