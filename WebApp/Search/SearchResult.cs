namespace WebApp.Search;

/// <summary>
/// What a search found: the ids of one page and the counts around them. This, not rendered HTML, is what is cached,
/// so a cached page still shows current names, prices and stock.
/// </summary>
public sealed record SearchResult(
    IReadOnlyList<int> Ids,
    int Total,
    bool TotalIsCapped,
    MatchMode? RelaxedTo,
    IReadOnlyList<FacetValue> Categories,
    IReadOnlyList<FacetValue> Brands,
    IReadOnlyList<FacetValue> PriceBands,
    int InStockCount)
{
    public static readonly SearchResult Empty = new([], 0, false, null, [], [], [], 0);

    /// <summary>The corrected search these results are for, when the words as typed found nothing ("laptp" -> "laptop").</summary>
    public string? CorrectedQuery { get; init; }

    /// <summary>What search looked for instead when every word together found nothing, in a shopper's words; null otherwise.</summary>
    public string? RelaxedWords => RelaxedTo switch
    {
        MatchMode.AnyWordExact or MatchMode.AnyWord => "any of the words",
        MatchMode.AnyPrefix => "words starting with what you typed",
        _ => null,
    };

    /// <summary>The SKU the query named exactly: the one product with it is the whole answer.</summary>
    public string? Sku { get; init; }

    /// <summary>The codes shaped like SKUs among words ("laptop EL-99999999") when no product has any: the answer is
    /// for the other words (<see cref="SearchText.SkuBeside"/>). Null otherwise.</summary>
    public IReadOnlyList<string>? SkuNotFound { get; init; }

    /// <summary>What the page and the API say of <see cref="SkuNotFound"/>, with the codes quoted as <paramref name="quote"/> writes them.</summary>
    public string? SkuNotFoundNotice(Func<string, string> quote) => SkuNotFound is not { Count: > 0 } codes ? null
        : $"No product has the SKU{(codes.Count == 1 ? "" : "s")} {string.Join(codes.Count == 2 ? " or " : ", ", codes.Select(quote))}; these are results for the other words.";

    /// <summary>The measures typed ("70 x 70", "16 GB") that no product the words find has side by side: the answer is
    /// what the words find apart (<see cref="Spelling.UnitsSideBySide"/>). Null otherwise.</summary>
    public IReadOnlyList<string>? PairsNotFound { get; init; }

    /// <summary>What the page and the API say of <see cref="PairsNotFound"/>, each measure quoted as <paramref name="quote"/> writes it.</summary>
    public string? PairsNotFoundNotice(Func<string, string> quote) => PairsNotFound is not { Count: > 0 } pairs ? null
        : $"No product here has {string.Join(" and ", pairs.Select(quote))}{(pairs.Count > 1 ? " together" : "")}; these are results for the words apart.";

    /// <summary>A pasted list of SKUs (<see cref="SearchText.PastedSkus"/>): the answer is the products with them, in
    /// the order pasted; these are the codes no active product has. Null for any other search.</summary>
    public IReadOnlyList<string>? SkusNotFound { get; init; }

    /// <summary>About what this answer holds in memory, in KB (the unit of the cache's size limit).</summary>
    public long Kilobytes => 1 + (Ids.Count * 4 + (Categories.Count + Brands.Count + PriceBands.Count) * 64 + 700 + (CorrectedQuery?.Length ?? 0) * 2) / 1024;
}
