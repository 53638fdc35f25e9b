using System.Diagnostics;
using WebApp.Api;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// Suggestions for the search box as the shopper types: categories whose name starts with a typed word, then products
/// whose name contains every word (the last as a prefix). Newest products first, because FTS5 hands them over in rowid
/// order without ranking; six are enough for a dropdown. When no product matches what was typed, the words are
/// corrected as the search page would (<see cref="Spelling"/>): the list leads with "Search for laptop", then what the
/// corrected words suggest, so a slip of the finger still gets an answer before Enter. A pasted SKU suggests its product.
/// A price typed in the words (<see cref="PriceWords"/>: "headphones under $100") is the filter the page will apply:
/// the list leads with that search, and its categories and products are those within the price.
/// </summary>
public static class SearchSuggestions
{
    private const int MaxProducts = 6;
    private const int MaxCategories = 3;

    public static IEndpointRouteBuilder MapSearchSuggestions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/search/suggest", async (string? q, FullTextIndex index, CategoryTree tree, SearchCache cache, SpellingVocabulary vocabulary, ProductFacts facts, WebApp.Currency.ExchangeRates rates, WebApp.Data.StoreDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            // "headphones under $10" suggested the Headphones category alone, for the words "headphones under 10".
            var read = PriceWords.Read(q?.Trim() ?? "", rates.Usable);
            // A price alone ("coffee $25") is not searched as a word, as on the page, which offers it either way.
            var text = SearchText.Parse(read?.Remaining ?? q);
            // A SKU's answer, or a pasted list's, is those products whatever the price, as on the page: price lines
            // above "EL-00001794 €50"'s laptop led to it anyway, or to a list that found nothing (a second review, session 40).
            if (text.SkuCandidates.Count > 0 || text.PastedSkus.Count > 0) read = null;
            var priced = read is { Bare: null, MinCents: not null } or { Bare: null, MaxCents: not null } ? read : null;
            var price = priced is null ? null : new Within(priced.MinCents, priced.MaxCents, facts);
            var bare = read?.Bare is { } upTo ? (upTo, read.BareFrom ?? upTo) : ((long, long)?)null;
            var (list, hit) = text.IsEmpty
                ? (new SuggestionList("", []), true)
                : await cache.GetOrComputeAsync(cache.KeyForSuggestions(text, price?.Key ?? (bare is var (under, over) ? $"~{under}~{over}" : null)),
                    () => ComputeAsync(text, index, tree, vocabulary.Current, db, price, bare, facts, CancellationToken.None));
            http.Response.Headers["Server-Timing"] = ServerTiming.Search(started, hit);
            return Results.Json(list);
        }).RequireRateLimiting(WebApp.Security.RateLimits.Suggest).AnswerHead();
        return app;
    }

    /// <summary>A price range typed in the words, and the facts that tell whether a product is within it.</summary>
    private sealed record Within(long? Min, long? Max, ProductFacts Facts)
    {
        public string Key => $"{Min}-{Max}";

        public bool Holds(int id) => Facts.TryGet(id, out var fact) && fact.PriceCents >= (Min ?? 0) && fact.PriceCents <= (Max ?? long.MaxValue);

        /// <summary>A listing's address with the price as its filter: "/search?q=headphones&amp;maxPrice=100".</summary>
        public string Url(string path, string? words) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
            new Dictionary<string, string?> { ["q"] = words, ["minPrice"] = Money.Plain(Min), ["maxPrice"] = Money.Plain(Max) }.Where(kv => kv.Value is not null));
    }

    private static async Task<SuggestionList> ComputeAsync(SearchText text, FullTextIndex index, CategoryTree tree, Vocabulary vocabulary, WebApp.Data.StoreDbContext db, Within? price,
        (long UpTo, long From)? bare, ProductFacts facts, CancellationToken ct)
    {
        var list = await SuggestionsAsync(text, index, tree, vocabulary, facts, db, price, ct);
        // Price lines for words that suggest nothing lead to empty pages ("zzqx 50 €"; a third review, session 40).
        if (list.Suggestions.Count == 0) return list;
        // The search Enter makes, first: the words within the price.
        var words = list.Corrected ?? text.Normalized;
        if (bare is var (upTo, from))
        {
            // "coffee $25": the words up to the price and from it, first, as the page offers them.
            Within under = new(null, upTo, facts), over = new(from, null, facts);
            return list with
            {
                Suggestions = [new Suggestion("price", $"{words} {PriceWords.Describe(null, upTo)}", under.Url("/search", words)),
                    new Suggestion("price", $"{words} {PriceWords.Describe(from, null)}", over.Url("/search", words)), .. list.Suggestions.Where(s => s.Type != "correction")],
            };
        }
        if (price is null) return list;
        return list with { Suggestions = [new Suggestion("price", $"{words} {PriceWords.Describe(price.Min, price.Max)}", price.Url("/search", words)), .. list.Suggestions.Where(s => s.Type != "correction")] };
    }

    private static async Task<SuggestionList> SuggestionsAsync(SearchText text, FullTextIndex index, CategoryTree tree, Vocabulary vocabulary, ProductFacts facts, WebApp.Data.StoreDbContext db, Within? price, CancellationToken ct)
    {
        // Words left out as the page leaves them out ("laptop -nordvk" offered Nordvik laptops; a review, session 38).
        var typed = text;
        text = Spelling.LeftOut(text, vocabulary) ?? text;
        // A SKU left out is never suggested ("k958 -EL-00001794" offered that laptop; a review, session 38).
        var leftOut = text.ExcludedSkus.Count > 0 ? await ProductSearch.SkuIdsAsync(db, text.ExcludedSkus, ct) : null;
        // A pasted SKU is one product, which Enter opens: the list says so first, as the search page would.
        if (await ProductSearch.SkuProductAsync(db, text, ct) is { } product && leftOut?.Contains(product.Id) != true)
        {
            return new SuggestionList(typed.Normalized, [new Suggestion("product", product.Name, Product.UrlFor(product.Id, product.Slug))]);
        }

        // Corrected when no product matches: a category named by one right word ("laptop 16gb": Laptops) still left
        // the misspelled or glued one without an answer.
        var found = await SuggestAsync(text, index, tree, vocabulary, facts, leftOut, price, ct);
        if (found.Any(s => s.Type == "product")) return new SuggestionList(typed.Normalized, found);
        // Two words the catalogue writes as one, as the search page glues them first: "back pack" suggested nothing
        // where the page shows the backpacks (a review, session 37).
        if (Spelling.Glued(text, vocabulary) is var (glued, _, _, _) && await SuggestAsync(glued, index, tree, vocabulary, facts, leftOut, price, ct) is var together
            && together.Any(s => s.Type == "product"))
        {
            return Corrected(typed, glued, together);
        }
        // "1000 pieces" as the page searches it, "1,000 pieces" (a review, session 38).
        if (Spelling.Grouped(text, vocabulary) is { } grouped && await SuggestAsync(grouped, index, tree, vocabulary, facts, leftOut, price, ct) is var byGroups
            && byGroups.Any(s => s.Type == "product"))
        {
            return Corrected(typed, grouped, byGroups, Spelling.WithCommas(text.Normalized, vocabulary));
        }
        // "coffee 250 grams" as the page searches it, coffee "250 g" (session 41).
        if (Spelling.UnitWords(text, vocabulary) is { } units && await SuggestAsync(units, index, tree, vocabulary, facts, leftOut, price, ct) is var byUnits
            && byUnits.Any(s => s.Type == "product"))
        {
            return Corrected(typed, units, byUnits);
        }
        // "tv 4 k" as the page searches it, "tv 4K" (an outside review, session 43).
        if (Spelling.NumbersGlued(text, vocabulary) is { } glue && await SuggestAsync(glue, index, tree, vocabulary, facts, leftOut, price, ct) is var byGlue
            && byGlue.Any(s => s.Type == "product"))
        {
            return Corrected(typed, glue, byGlue, Spelling.GluedShown(glue, text));
        }
        if (Spelling.Correct(text, vocabulary) is not { } corrected) return new SuggestionList(typed.Normalized, found);
        // Only a correction that suggests a product: "bookcase" suggested "book case" and "sun glasses" "sun glass", which
        // the page finds nothing for, or glass cleaner (a review, session 37).
        var fixedUp = await SuggestAsync(corrected, index, tree, vocabulary, facts, leftOut, price, ct);
        // Beside a number, the corrections the page tries, and each with the unit as the catalogue writes it: "drll 18v"
        // and "drll 18 volts" are "drill 18 V" (the first correction, "doll", suggests nothing), "jigsw 1000 pieces"
        // "jigsaw 1,000 pieces" (an outside review, session 43).
        if (!fixedUp.Any(s => s.Type == "product") && text.Words.Any(w => w.Length > 0 && char.IsAsciiDigit(w[0])))
        {
            foreach (var correction in Spelling.Corrections(text, vocabulary).Take(3))
            {
                if (correction.Key != corrected.Key && await SuggestAsync(correction, index, tree, vocabulary, facts, leftOut, price, ct) is var byCorrection
                    && byCorrection.Any(s => s.Type == "product"))
                {
                    return Corrected(typed, correction, byCorrection);
                }
                foreach (var (written, shown) in Spelling.AsTheCatalogueWrites(correction, vocabulary))
                {
                    if (await SuggestAsync(written, index, tree, vocabulary, facts, leftOut, price, ct) is var byWritten && byWritten.Any(s => s.Type == "product"))
                    {
                        return Corrected(typed, written, byWritten, shown);
                    }
                }
            }
        }
        if (!fixedUp.Any(s => s.Type == "product")) return new SuggestionList(typed.Normalized, found);
        // The same words matched otherwise ("mapl laptop": "mapl" as the start of Mapleion) are no correction to offer.
        return corrected.Normalized == text.Normalized ? new SuggestionList(typed.Normalized, fixedUp) : Corrected(typed, corrected, fixedUp);
    }

    private static SuggestionList Corrected(SearchText text, SearchText corrected, List<Suggestion> found, string? shown = null)
    {
        shown ??= Spelling.Shown(corrected.NormalizedAsTyped);
        return new(text.Normalized, [new Suggestion("correction", shown, "/search?q=" + Uri.EscapeDataString(shown)), .. found]) { Corrected = shown };
    }

    private static bool SideBySide(string name, List<string[]> phrases)
    {
        var words = new List<string>();
        NameWords.Split(name, words);
        var spaced = $" {string.Join(' ', words)} ";
        return phrases.TrueForAll(forms => Array.Exists(forms, p => spaced.Contains($" {p} ", StringComparison.Ordinal)));
    }

    private static bool StartsAWord(string name, string folded)
    {
        var words = new List<string>();
        NameWords.Split(name, words);
        return words.Exists(w => w.StartsWith(folded, StringComparison.Ordinal));
    }

    // Whether a name has each number as a word of its own (the last, still being typed, as the start of one).
    private static bool Named(string name, List<string> numbers, SearchText text)
    {
        var words = new List<string>();
        NameWords.Split(name, words);
        return numbers.TrueForAll(n => text.LastWordOpen && text.Words.Count > 0 && n == text.Words[^1] ? words.Exists(w => w.StartsWith(n, StringComparison.Ordinal)) : words.Contains(n));
    }

    private static async Task<List<Suggestion>> SuggestAsync(SearchText text, FullTextIndex index, CategoryTree tree, Vocabulary vocabulary, ProductFacts facts, HashSet<int>? leftOut, Within? price, CancellationToken ct)
    {
        // A word left out as the page leaves it out: "laptop -16gb" offered the 16 GB laptops (an outside review, session 41).
        // And each word in either number, as the page finds it: "jigsaw piece " and "laptops " offered no product, the
        // names saying "Pieces" and "Laptop" (session 43).
        SearchText InEitherNumber(SearchText t) => t.WithOtherNumbers(word => Spelling.OtherNumbers(word, vocabulary), word => Spelling.LeftOutApart(word, vocabulary));
        text = InEitherNumber(text);
        var categories = (await tree.GetAsync()).ById.Values
            // A word of three letters or more starts a word of the name, one of two is one ("tv"): the "t" of "t shirt"
            // named Toys & Games and Garden & Tools, the "fi" of "wi-fi" Fiction and Fitness (a review, session 37).
            .Where(c => text.Words.Any(w => w.Length >= 2 && c.Name.Split(' ', '&', '-').Any(part =>
                w.Length >= 3 ? part.StartsWith(w, StringComparison.OrdinalIgnoreCase) : part.Equals(w, StringComparison.OrdinalIgnoreCase))))
            .OrderBy(c => c.IsDepartment ? 0 : 1).ThenBy(c => c.Name);

        var match = text.Match(MatchMode.AllWords, nameOnly: true)!;
        // Within a price, more of the newest are read to find six in it; with a number, more to find those named with it.
        var numbers = text.Words.Concat(text.Phrases.SelectMany(p => p.Split(' '))).Where(w => w.Length > 0 && w.All(char.IsAsciiDigit)).Distinct().ToList();
        var wanted = (price is null ? MaxProducts : MaxProducts * 8) * (numbers.Count > 0 ? 4 : 1);
        var products = await index.NewestProductsAsync(match, wanted, ct);
        // "yoga m": a one-letter last word is no prefix for the index, so nothing matched and the list went blank while
        // Enter showed the yoga mats (an outside review, session 50). As the page does (ProductSearch, LastLetter): the
        // other words' products whose name has a word starting with the letter.
        if (products.Count == 0 && text.LastLetter is { } letter)
        {
            var beforeIt = await index.NewestProductsAsync(InEitherNumber(text.WithoutLastWord()).Match(MatchMode.AllWords, nameOnly: true)!, wanted * 8, ct);
            // Folded as the name's words are: "yoga é" found the Essential mats on Enter and suggested nothing (the second review).
            var folded = NameWords.Fold(letter);
            products = beforeIt.FindAll(p => StartsAWord(p.Name, folded));
        }
        // A last word that is whole in another number names what its start does not reach: "laptops" offered only the
        // category, the products being named "Laptop" (session 43). The start is still read first ("lamp" is "lamps" too).
        if (products.Count < wanted && text.LastWordOpen && Spelling.OtherNumbers(text.Words[^1], vocabulary) is { Length: > 0 } others
            && others.Any(o => !o.StartsWith(text.Words[^1], StringComparison.Ordinal)))
        {
            var whole = InEitherNumber(text.WithWords(text.Words, [], lastWordOpen: false));
            products = [.. products.Concat(await index.NewestProductsAsync(whole.Match(MatchMode.AllWords, nameOnly: true)!, wanted, ct)).DistinctBy(p => p.Id).Take(wanted)];
        }
        // "jigsaw 500": the index holds "1,500" as "1" and "500", so the 1,500-piece jigsaws match too; names with the
        // number itself first, as the page ranks them (NameWords.Split; an outside review, session 40).
        if (numbers.Count > 0) products = [.. products.OrderBy(p => Named(p.Name, numbers, text) ? 0 : 1)];
        // "game 5 players": the names with the count alone or within a range before the word ("2-6 Players"), as the page
        // finds them; the words with the count found none of the 2-6 games.
        if (Spelling.CountBeside(text, vocabulary, facts.Names) is var (count, countUnits, withoutCount)
            && (await index.NewestProductsAsync(withoutCount.Match(MatchMode.AllWords, nameOnly: true)!, wanted, ct)).FindAll(p => facts.Names.Count(count, countUnits).In(p.Id)) is { Count: > 0 } counted)
        {
            products = counted;
        }
        // "laptop 16 gb": only names with each number and its unit side by side, when any has, as the page keeps them.
        else if (numbers.Count > 0 && Spelling.UnitsSideBySide(text, vocabulary) is { } units && units.Phrases.Except(text.Phrases).Where(Spelling.IsUnitPhrase).Select(p => Spelling.UnitForms(p, vocabulary)).ToList() is { Count: > 0 } pairs
            && products.Exists(p => SideBySide(p.Name, pairs)))
        {
            products = products.FindAll(p => SideBySide(p.Name, pairs));
        }

        // Of two words or more, only categories holding some of what the words find: "desk lamp" offered "Desks & Chairs"
        // first (none of the 39 desk lamps, all in Lighting), "dog bed" Bedding (an outside review, session 52). Judged
        // on the matches read here; when the words find nothing, categories by name as before (a correction follows).
        var listed = products.Where(p => leftOut?.Contains(p.Id) != true && price?.Holds(p.Id) != false).ToList();
        if (text.Words.Count(w => w.Length > 1) >= 2 && listed.Count > 0)
        {
            var holding = new HashSet<int>();
            foreach (var p in listed)
            {
                if (!facts.TryGet(p.Id, out var fact)) continue;
                holding.Add(fact.CategoryId);
                holding.Add(fact.DepartmentId);
            }
            categories = categories.Where(c => holding.Contains(c.Id)).OrderBy(c => c.IsDepartment ? 0 : 1).ThenBy(c => c.Name);
        }
        var categoryLines = categories.Take(MaxCategories).Select(c => new Suggestion("category", c.Name, price is null ? c.Url : price.Url(c.Url, null)));
        // One line per name: two products named alike ("Brighthome Backpack, Tan") read as the same line twice.
        return [.. categoryLines, .. listed.Take(MaxProducts).DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => new Suggestion("product", p.Name, Product.UrlFor(p.Id, p.Slug)))];
    }
}
