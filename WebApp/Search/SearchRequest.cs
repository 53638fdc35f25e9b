using System.Globalization;
using Microsoft.Extensions.Primitives;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// A search as the URL states it, already validated: nothing here can make SQL fail. Brands and categories are
/// multi-select (OR within one, AND across them and with price and stock), held sorted and without repeats so one
/// selection has one URL and one cache key, whatever order it was clicked in.
/// </summary>
public sealed record SearchRequest(
    SearchText Text,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Brands,
    long? MinPriceCents,
    long? MaxPriceCents,
    bool InStock,
    ProductSort Sort,
    int Page,
    int PageSize = WebApp.Pages.Pager.PageSize)
{
    /// <summary>The most results one page may hold (the JSON API lets a client choose from 1 to this).</summary>
    public const int MaxPageSize = 100;

    /// <summary>The last page anyone may ask for: deeper pages of a broad search are not worth the scan.</summary>
    public const int MaxPage = 10_000;

    /// <summary>How many brands, or categories, one search may choose: more than a sidebar shows is a crafted URL.</summary>
    public const int MaxChoices = 20;

    /// <summary>A price read from the words ("under $100"), now part of the filters and no longer of <see cref="Text"/>.</summary>
    public PriceWords? PriceFromWords { get; init; }

    public bool HasFilters => Categories.Count > 0 || Brands.Count > 0 || MinPriceCents is not null || MaxPriceCents is not null || InStock;

    /// <summary>How many filters a shopper has chosen (each brand and category counts; a price range is one).</summary>
    public int Applied => Categories.Count + Brands.Count + (MinPriceCents is null && MaxPriceCents is null ? 0 : 1) + (InStock ? 1 : 0);

    /// <summary>
    /// Reads the query string leniently: a bad value is dropped with a message, never an error page. A listing without
    /// words (a category page: <paramref name="words"/> false) ignores <c>q</c>, and its sorts and notices are those of a
    /// list without words.
    /// </summary>
    /// <param name="rates">The store's exchange rates, to read a price typed in another currency ("under £50").</param>
    public static SearchRequest From(IQueryCollection query, List<string> problems, bool words = true, WebApp.Currency.ExchangeRateSet? rates = null)
    {
        var typed = words ? Words(query) : "";
        var asTyped = words && IsExact(query);
        // Read as inStock is: "exact=yes" was ignored without a word while "inStock=maybe" had one (session 53's review).
        if (words && YesOrNo(query["exact"].ToString()) is null)
        {
            problems.Add($"“{AsTyped(query["exact"].ToString())}” is not a yes or no for exact, so the words are searched as usual (corrected where misspelled).");
        }
        // "under $100" is a price filter, not two words (PriceWords); the words as typed (exact=1) never are.
        var priced = asTyped ? null : PriceWords.Read(typed, rates);
        var text = SearchText.Parse(words ? priced?.Remaining ?? typed : null, asTyped);
        // A pasted list of SKUs is read whole (SearchText.PastedSkus); words past the limit are not.
        if (typed.Length > SearchText.MaxInputLength && text.PastedSkus.Count == 0)
        {
            problems.Add($"Searches are limited to {SearchText.MaxInputLength} characters; the rest was ignored.");
        }
        if (text.IsEmpty && text.Excluded.Count == 0 && words && !string.IsNullOrWhiteSpace(priced?.Remaining ?? typed))
        {
            // "!!!" or an emoji: nothing to look for, so the listing is every product; say why rather than pretend.
            problems.Add($"“{AsTyped(typed.Trim())}” has no letters or digits to search for, so all products are shown.");
        }
        if (text.IsEmpty && text.Excluded.Count > 0)
        {
            // Quoted as typed: "NOT laptop" was quoted "-laptop", and "-t-shirt" "-t shirt" (a review, session 38).
            var excluded = string.Join(' ', (priced?.Remaining ?? typed).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            problems.Add($"A search needs a word to look for: “{AsTyped(excluded)}” only says what to leave out, so it was ignored.");
        }
        var min = Price(query["minPrice"], "minimum price", problems);
        var max = Price(query["maxPrice"], "maximum price", problems);
        // A price chosen beside the results wins over one typed in the words: it is the later, deliberate choice.
        if (priced is not null)
        {
            // Nor is a typed bound kept against a chosen one it contradicts ("over $80" with a chosen maximum of $50).
            var (typedMin, typedMax) = (priced.MinCents, priced.MaxCents);
            if (typedMin is not null && (min is not null || max < typedMin)) typedMin = null;
            if (typedMax is not null && (max is not null || min > typedMax)) typedMax = null;
            priced = priced with { AppliedMin = typedMin is not null, AppliedMax = typedMax is not null };
            min ??= typedMin;
            max ??= typedMax;
        }
        if (min is not null && max is not null && min > max)
        {
            problems.Add("The minimum price was above the maximum, so they were swapped.");
            (min, max) = (max, min);
        }
        var asked = query["sort"].ToString();
        var sort = ProductSort.Resolve(asked, hasWords: !text.IsEmpty);
        if (asked.Length > 0 && !string.Equals(asked, sort.Key, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"“{AsTyped(asked)}” is not a sort this list offers, so it is sorted by {sort.Label.ToLowerInvariant()}.");
        }
        var askedPage = query["page"].ToString();
        var page = 1;
        // .NET's number parsing skips trailing NUL characters ("5\0" is 5): such a value is not a page number either.
        if (!askedPage.Contains('\0') && int.TryParse(askedPage, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1) page = Math.Min(p, MaxPage);
        else if (askedPage.Length > 0) problems.Add($"“{AsTyped(askedPage)}” is not a page number, so the first page is shown.");
        var askedStock = query["inStock"].ToString();
        var stockChoice = YesOrNo(askedStock);
        var inStock = stockChoice == true;
        if (stockChoice is null)
        {
            problems.Add($"“{AsTyped(askedStock)}” is not a stock choice, so products in and out of stock are shown.");
        }
        return new SearchRequest(text, Choices(query["category"], "categories", problems), Choices(query["brand"], "brands", problems),
            min, max, inStock, sort, page) { PriceFromWords = priced };
    }

    /// <summary><c>exact</c> asks for the words as typed, uncorrected.</summary>
    public static bool IsExact(IQueryCollection query) => YesOrNo(query["exact"].ToString()) == true;

    // A yes-or-no parameter (inStock, exact): absent is no, anything else but these words null, to be noticed.
    private static bool? YesOrNo(string value) => value.ToLowerInvariant() switch
    {
        "true" or "on" or "1" or "yes" => true,
        "" or "false" or "off" or "0" or "no" => false,
        _ => null,
    };

    // A value from the address as a notice quotes it: cut short, so a long one cannot fill the page, and with control
    // characters (a NUL from %00) shown as the replacement character browsers would show for them anyway.
    private static string AsTyped(string value)
    {
        var shown = value.Length > 40 ? value[..40] + "…" : value;
        return shown.Any(char.IsControl) ? new string([.. shown.Select(c => char.IsControl(c) ? '\uFFFD' : c)]) : shown;
    }

    /// <summary>Every value of a repeated parameter that is a well-formed slug, sorted, once each, at most <see cref="MaxChoices"/>.</summary>
    public static IReadOnlyList<string> Choices(StringValues values, string what, List<string> problems)
    {
        var slugs = new SortedSet<string>(StringComparer.Ordinal);
        var malformed = false;
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            var slug = value.Trim().ToLowerInvariant();
            if (IsSlug(slug)) slugs.Add(slug);
            else malformed = true;
        }
        if (malformed) problems.Add($"Some {what} in the address were not valid names and were ignored.");
        if (slugs.Count <= MaxChoices) return [.. slugs];
        problems.Add($"At most {MaxChoices} {what} can be chosen at once; the rest were ignored.");
        return [.. slugs.Take(MaxChoices)];
    }

    public static bool IsSlug(string value) =>
        value.Length is > 0 and <= 120 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>This request with one brand chosen, or unchosen if it was.</summary>
    public SearchRequest ToggleBrand(string slug) =>
        this with { Brands = Brands.Contains(slug) ? [.. Brands.Where(b => b != slug)] : [.. Brands.Append(slug).Order(StringComparer.Ordinal)], Page = 1 };

    /// <summary>
    /// This request with one category chosen, or unchosen if it was. Choosing a category replaces its chosen ancestors
    /// and descendants: "Laptops or Electronics" is just Electronics, so picking Laptops under Electronics narrows.
    /// </summary>
    public SearchRequest ToggleCategory(CategoryTree.Snapshot tree, string slug)
    {
        if (Categories.Contains(slug)) return this with { Categories = [.. Categories.Where(c => c != slug)], Page = 1 };
        if (!tree.BySlug.TryGetValue(slug, out var node)) return this;
        var related = node.PathFromRoot().Concat(node.SelfAndDescendants()).Select(n => n.Slug).ToHashSet();
        return this with { Categories = [.. Categories.Where(c => !related.Contains(c)).Append(slug).Order(StringComparer.Ordinal)], Page = 1 };
    }

    /// <summary>
    /// The words asked for. A hand-made or merged link may repeat "q" (q=lamp&amp;q=desk): read as one string the values
    /// join with a comma ("lamp,desk", shown back so), so they join as the words they are.
    /// </summary>
    public static string Words(IQueryCollection query) => string.Join(' ', query["q"].Where(v => !string.IsNullOrEmpty(v)));

    private static long? Price(StringValues values, string name, List<string> problems)
    {
        // Read as one string, two values would join with a comma: minPrice=1&minPrice=299 read as $1,299.
        if (values.Count > 1)
        {
            problems.Add($"More than one {name} was given; they were ignored.");
            return null;
        }
        var value = values.ToString();
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (WebApp.Catalog.Money.TryParse(value, out var cents) && cents is >= 0 and <= 100_000_000) return cents;
        var typed = value.Trim();
        if ((typed.Contains(',', StringComparison.Ordinal) || typed.Contains('\uFF0C', StringComparison.Ordinal)) && typed.Length <= 20)
        {
            problems.Add($"The {name} “{typed}” was not understood: write cents after a point (5.00); a comma only separates thousands (1,299.00). It was ignored.");
            return null;
        }
        problems.Add($"The {name} must be a number of dollars (up to two decimals) between 0 and 1,000,000; it was ignored.");
        return null;
    }
}
