using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Search;

/// <summary>
/// Full-text search over the catalogue. Scoring every match in SQL, or reading each matching row to filter and sort
/// it, costs time in proportion to how many match, and a common word matches half the catalogue. So:
/// <list type="bullet">
/// <item>The <see cref="FullTextIndex"/> only says which products match: at most <see cref="MatchCap"/> ids, newest first ("10,000+ results").</item>
/// <item>Relevance is <see cref="FieldRanking"/>: where each word is (name, brand, category, description), from the
/// product names held in memory, then popularity.</item>
/// <item>Filters, facet counts and sorting are a <see cref="FactScan"/> in memory: no row reads.</item>
/// </list>
/// The answer (ids of one page, counts, facets) is cached by <see cref="SearchCache"/>.
/// </summary>
public sealed class ProductSearch(StoreDbContext db, FullTextIndex index, FactScan scan, ProductFacts facts, CategoryTree tree, SearchCache cache, SearchMissRecorder misses, SpellingVocabulary vocabulary, ListingOrders orders)
{
    public const int MatchCap = 10_000;

    /// <summary>
    /// The first pages of a search (with its sort and filters) are ranked as one answer and cached once: shoppers page
    /// through results, and pages 2 and 3 cost a scan each when ranked apart (3-8 ms for a common word at 1M), where
    /// keeping the best 72 instead of 24 adds little to one scan.
    /// </summary>
    public const int PagesRankedTogether = 3;

    /// <summary>
    /// Later pages are ranked ten at a time (1-10, 11-20, ...; pages 4-10 come from the first ten). A deep page of a
    /// department costs a scan of its 80,000+ products (4-10 ms at 1M); ranked one by one, every page number and sort of
    /// every listing was a scan of its own, and a listing the page cache had no room for was computed again on every
    /// visit. Ten pages of ids are ~1 KB more in an answer, and keeping the best 240 more costs a scan little.
    /// </summary>
    public const int LaterPagesRankedTogether = 10;

    public async Task<(SearchResult Result, bool CacheHit)> SearchAsync(SearchRequest request)
    {
        // The computation is shared by every identical request waiting on it, so one shopper closing the tab must not
        // cancel it for the others; it is bounded anyway.
        var leading = Leading(request);
        var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(leading), () => ComputeAsync(leading, null, CancellationToken.None), r => r.Kilobytes);
        if (!hit && result.Total == 0 && !request.Text.IsEmpty) misses.Record(request.Text.Normalized);
        return (PageOf(result, request, leading), hit);
    }

    /// <summary>
    /// A category page: a browse of <paramref name="scope"/> with the request's filters (its categories, if any, lie
    /// inside the scope). The same products and counts as the search for that category. A page is the counts of its
    /// filters (one cached answer for every page and sort of them) and its ids read off the listing's kept orders
    /// (<see cref="ListingOrders"/>); the first pages of a filtered listing are one cached answer from a scan instead,
    /// as a search's are.
    /// </summary>
    public async Task<(SearchResult Result, bool CacheHit)> BrowseAsync(CategoryNode scope, SearchRequest request)
    {
        // Filtered first pages are scanned: a narrow filter (a one-dollar price range in a department) can leave a page's
        // products anywhere down the sorted lists, and the scan keeps the best 72 in one pass over the listing.
        if (request.Page <= PagesRankedTogether && request.HasFilters)
        {
            var leading = Leading(request);
            var (result, hit) = await cache.GetOrComputeAsync(cache.KeyFor(leading, scope.Slug), () => ComputeAsync(leading, scope, CancellationToken.None), r => r.Kilobytes);
            return (PageOf(result, request, leading), hit);
        }
        var counts = CountsOnly(request);
        var (answer, counted) = await cache.GetOrComputeAsync(cache.KeyFor(counts, scope.Slug), () => ComputeAsync(counts, scope, CancellationToken.None), r => r.Kilobytes);
        var skip = WebApp.Pages.Pager.Skip(request.Page, request.PageSize);
        if (answer.Total <= skip) return (answer, counted);
        var categories = await tree.GetAsync();
        if (await FilterAsync(request, scope, categories) is not { } filter) return (SearchResult.Empty, counted);
        return (answer with { Ids = orders.Page(request, filter, categories, skip, request.PageSize) }, counted);
    }

    /// <summary>
    /// The request for a listing's counts alone, the same for every page and sort of its filters: no ids kept. A
    /// category page is this and its slice of a kept list (<see cref="ListingOrders"/>), but for a filtered first page.
    /// </summary>
    internal static SearchRequest CountsOnly(SearchRequest request) => request with { Sort = ProductSort.Rating, Page = 1, PageSize = 0 };

    // The request whose answer holds the asked page: the first pages as one page, later ones ten as one page.
    internal static SearchRequest Leading(SearchRequest request) => request.Page <= PagesRankedTogether
        ? request with { Page = 1, PageSize = request.PageSize * PagesRankedTogether }
        : request with { Page = (request.Page - 1) / LaterPagesRankedTogether + 1, PageSize = request.PageSize * LaterPagesRankedTogether };

    // The asked page out of the answer of its leading request (which starts at its own page's first id).
    internal static SearchResult PageOf(SearchResult answer, SearchRequest request, SearchRequest leading)
    {
        if (answer.Ids.Count == 0) return answer;
        var skip = (long)(request.Page - 1) * request.PageSize - (long)(leading.Page - 1) * leading.PageSize;
        var take = (int)Math.Clamp(answer.Ids.Count - skip, 0, request.PageSize);
        return answer with { Ids = take == 0 ? [] : answer.Ids.Skip((int)skip).Take(take).ToArray() };
    }

    /// <summary>
    /// The request with the brands and categories that name nothing left out, each named in <paramref name="problems"/>
    /// (a stale link still shows products rather than nothing). On a category page (<paramref name="scope"/>) a category
    /// outside it is left out too; a chosen category inside another chosen one adds nothing and is dropped quietly.
    /// </summary>
    public async Task<SearchRequest> KnownOnlyAsync(SearchRequest request, List<string> problems, CategoryNode? scope = null)
    {
        if (request.Categories.Count == 0 && request.Brands.Count == 0) return request;
        var categories = await tree.GetAsync();
        var known = new List<CategoryNode>();
        List<string> missing = [], elsewhere = [];
        foreach (var slug in request.Categories)
        {
            if (!categories.BySlug.TryGetValue(slug, out var node)) missing.Add(slug);
            else if (scope is not null && !scope.SelfAndDescendants().Contains(node)) elsewhere.Add(node.Name);
            else if (node != scope) known.Add(node);
        }
        // One notice per kind, naming each: twenty stale brands in a link were twenty boxes above the results.
        if (missing.Count > 0) problems.Add(NoSuch("category", "categories", missing));
        if (elsewhere.Count > 0) problems.Add($"{Quoted(elsewhere)} {(elsewhere.Count == 1 ? "is" : "are")} not part of {scope!.Name}; {(elsewhere.Count == 1 ? "it was" : "they were")} left out.");
        var kept = known.Where(node => !known.Any(other => other != node && node.PathFromRoot().Contains(other))).Select(n => n.Slug).ToList();

        List<string> brands = [.. request.Brands];
        if (brands.Count > 0)
        {
            var slugs = (await BrandNamesAsync()).Values.Select(b => b.Slug).ToHashSet(StringComparer.Ordinal);
            var unknown = brands.Where(b => !slugs.Contains(b)).ToList();
            if (unknown.Count > 0) problems.Add(NoSuch("brand", "brands", unknown));
            brands.RemoveAll(b => !slugs.Contains(b));
        }
        return kept.Count == request.Categories.Count && brands.Count == request.Brands.Count
            ? request
            : request with { Categories = kept, Brands = brands };
    }

    private static string NoSuch(string one, string many, List<string> names) => names.Count == 1
        ? $"There is no {one} {Quoted(names)}; it was left out."
        : $"There are no {many} {Quoted(names)}; they were left out.";

    /// <summary>“a”, “a” and “b”, “a”, “b” and “c”.</summary>
    private static string Quoted(List<string> names) => names.Count == 1
        ? $"“{names[0]}”"
        : string.Join(", ", names.SkipLast(1).Select(n => $"“{n}”")) + $" and “{names[^1]}”";

    private async Task<SearchResult> ComputeAsync(SearchRequest request, CategoryNode? scope, CancellationToken ct)
    {
        var categories = await tree.GetAsync();
        var filter = await FilterAsync(request, scope, categories);
        if (filter is null) return SearchResult.Empty;

        // No connection is opened here for the whole search: most answers need none (a word's matches, the brand names
        // and the facts are cached in memory). Opening one through EF registers its dozen SQL functions and closing it
        // removes them, each registration a handle left to the finalizer: in a sampled trace under 32 connections,
        // opening, closing and finalizing were about 5% of the store's CPU. Each lookup that does read (the index, a
        // SKU) opens its own.
        if (request.Text.IsEmpty) return scan.Browse(request, filter, categories, await BrandNamesAsync());
        var leftOut = request.Text.ExcludedSkus.Count > 0 ? await SkuIdsAsync(db, request.Text.ExcludedSkus, ct) : null;
        // A SKU left out is never the answer: "EL-00001794 -EL-00001794" went to it (a second review, session 38).
        if (await SkuProductAsync(db, request.Text, ct) is { } sku) return leftOut?.Contains(sku.Id) == true ? SearchResult.Empty : SkuAnswer(request, sku.Id, sku.Sku);
        if (request.Text.PastedSkus is { Count: > 0 } pasted && await PastedSkusAsync(request, pasted, leftOut, ct) is { } list) return list;

        // SKUs beside words that no product has: the other words, and the answer says so.
        var (missingSkus, asked) = request.Text.SkuBeside is var (codes, rest) && (await SkuIdsAsync(db, codes, ct)).Count == 0
            ? (codes, rest) : (null, request.Text);

        // Every word (a long last word first as typed, then as a prefix). When that finds nothing: the same with
        // misspelled words corrected; then any word, then any word as a prefix, of the best correction, and only when
        // those find nothing either, of the words as typed.
        var text = asked;
        SearchText? corrected = null, best = null;
        // A word left out as it would be corrected, and said so ("laptop -bussiness" left out nothing).
        if (Spelling.LeftOut(text, vocabulary.Current) is { } meant) (text, corrected) = (meant, meant);
        var (found, mode) = await FirstMatchAsync(text, Modes(text), ct);
        // Two words the catalogue writes as one ("dollhouse"), when the words as typed find nothing together or fewer
        // products than the one word is in: "back pack" found five sofas with a back and a pack where 38 products are
        // backpacks, "doll house" relaxed to House Blend coffee (an outside review). Before corrections of the words:
        // "sauce pan" became "saute pan" where 30 products are saucepans.
        // And when the two words are in more products but rarely side by side: "note book" found 131 novels with a note
        // somewhere and book in the name, where 47 products are notebooks. The phrase is asked only then, and only of a
        // pair the catalogue also writes as one word, which few are.
        if (Spelling.Glued(text, vocabulary.Current) is var (glued, documents, apart, begun) && (!begun || found.Count == 0))
        {
            var sideBySide = found.Count < documents ? found.Count
                : (await FirstMatchAsync(text.WithWords(text.Words, [apart], text.LastWordOpen, [apart]), [MatchMode.AllWords], ct)).Found.Count;
            if (sideBySide < documents)
            {
                var (together, gluedMode) = await FirstMatchAsync(glued, Modes(glued), ct);
                if (together.Count > sideBySide) (found, mode, corrected, text) = (together, gluedMode, glued, glued);
                // Nothing together either way: relaxed, the word begun is the one to relax with ("wooden doll ho"
                // relaxed as typed showed wildflower honey first).
                else if (begun) best = glued;
            }
        }
        // "1000 pieces" as the catalogue writes it, "1,000 Pieces", when every word then matches.
        string? shown = null;
        if (found.Count == 0 && Spelling.Grouped(text, vocabulary.Current) is { } grouped
            && await FirstMatchAsync(grouped, Modes(grouped), ct) is var (byGroups, groupedMode) && byGroups.Count > 0)
        {
            (found, mode, corrected, text, shown) = (byGroups, groupedMode, grouped, grouped, Spelling.WithCommas(text.Normalized, vocabulary.Current));
        }
        // "coffee 250 grams" as the catalogue writes it, "250 g", when every word then matches. When nothing does, it is
        // what relaxes: "drill 20 volts" (no 20 V tools) led with Volt-coloured clothes, where "v" ranks the drills first.
        var unitNamed = found.Count == 0 ? Spelling.UnitWords(text, vocabulary.Current) : null;
        if (unitNamed is not null && await FirstMatchAsync(unitNamed, Modes(unitNamed), ct) is var (byUnits, unitsMode) && byUnits.Count > 0)
        {
            (found, mode, corrected, text) = (byUnits, unitsMode, unitNamed, unitNamed);
        }
        // "tv 4 k" as the catalogue writes it, "4K", when every word then matches.
        if (found.Count == 0 && Spelling.NumbersGlued(text, vocabulary.Current) is { } glue
            && await FirstMatchAsync(glue, Modes(glue), ct) is var (byGlue, glueMode) && byGlue.Count > 0)
        {
            (found, mode, corrected, shown) = (byGlue, glueMode, glue, Spelling.GluedShown(glue, text));
            text = glue;
        }
        if (found.Count == 0 && Spelling.Corrections(text, vocabulary.Current) is [var first, ..] corrections)
        {
            best ??= Spelling.UnitWords(first, vocabulary.Current) ?? first;
            foreach (var correction in corrections)
            {
                (found, mode) = await FirstMatchAsync(correction, Modes(correction), ct);
                var chosen = correction;
                // A typo beside a number whose unit the catalogue writes otherwise: "drll 18 volts" is "drill 18 V", and
                // "jigsw 1000pcs" "jigsaw 1,000 pieces"; the correction alone found nothing, and "drll 18 volts" relaxed
                // to "doll" and Volt-coloured clothes (left as found in session 42).
                if (found.Count == 0)
                {
                    foreach (var (asWritten, writtenShown) in Spelling.AsTheCatalogueWrites(correction, vocabulary.Current))
                    {
                        ((found, mode), chosen) = (await FirstMatchAsync(asWritten, Modes(asWritten), ct), asWritten);
                        if (found.Count == 0) continue;
                        shown = writtenShown;
                        break;
                    }
                }
                if (found.Count == 0) continue;
                (corrected, text) = (chosen, chosen);
                break;
            }
        }
        if (found.Count == 0 && unitNamed is not null && Spelling.UnitMeansOtherwise(text, unitNamed, vocabulary.Current)) best ??= unitNamed;
        List<int>? relaxed = null;
        int[]? wordsMatched = null, wordCounts = null;
        var narrowedCapped = false;
        // "game 5 players": names write counts as ranges ("2-6 Players", which the index reads as the words "2", "6" and
        // "players"). Of what the other words find, those whose name has the count before the word, alone or within a
        // range: "game 4 players" found only the 2-4 games, "game 3 players" only the 3-8 ones (a "3" anywhere in the
        // name), "game 5 players" relaxed to any word (left as found in session 43). A correction the same way.
        var counted = false;
        foreach (var withCount in found.Count > 0 || best is null ? [text] : new[] { text, best })
        {
            if (Spelling.CountBeside(withCount, vocabulary.Current, facts.Names) is not var (count, countUnits, others)) continue;
            var (candidates, candidatesMode) = await FirstMatchAsync(others, Modes(others), ct);
            var kept = candidates.ToList().FindAll(facts.Names.Count(count, countUnits).In);
            if (kept.Count == 0) continue;
            (found, mode, relaxed, narrowedCapped, counted) = (candidates, candidatesMode, kept, candidates.Count > MatchCap, true);
            if (!ReferenceEquals(withCount, text)) (corrected, text) = (withCount, withCount);
            break;
        }
        // "laptop 16 gb": of what the words find, those with each number and the word after it side by side, when any has
        // (Spelling.UnitsSideBySide; apart, the 16-inch laptops with 8 GB were among them). The same of what a correction
        // finds, typed apart ("lapotp 16 gb", said "laptop 16 GB") or split ("jigsaw 500pieces": FTS5 reads "1,500 Pieces"
        // as "1 500 pieces"), so its link finds what it did. Ranked with the pair as one phrase even when every match has
        // it, as the correction is ("desk 120 kg" ranked the desks 120 cm wide first; three outside reviews, session 42).
        IReadOnlyList<string>? pairsNotFound = null;
        if (found.Count > 0 && !counted && (Spelling.UnitsSideBySide(text, vocabulary.Current) ?? text) is var units
            && await SideBySideAsync(units, asked, found.ToList(), ct) is var (written, pairs))
        {
            if (written is not null)
            {
                if (written.Count < found.Count) (relaxed, narrowedCapped) = (written, found.Count > MatchCap);
                text = units;
                if (corrected is not null) corrected = units;
            }
            // No product has them side by side: the words apart are the answer, and it says so ("desk 70 x 70" showed the
            // 120 x 70 desks as if they matched; an outside review, session 43). Only of units and sizes: a number beside
            // any other word ("iphone 15 pro") is no measure a shopper asked for.
            else if (pairs.Where(Spelling.IsMeasure).ToList() is { Count: > 0 } measures) pairsNotFound = [.. measures.Select(Spelling.Written)];
        }
        // "lamp b": no product has the word "b", and a one-letter prefix is not asked of the index, so the lamps whose
        // name has a word starting with b (black, brass) are the answer, where relaxing to any word showed all 113
        // lamps under "No results for lamp b" (an outside review).
        if (found.Count == 0 && corrected is null && text.LastLetter is { } letter)
        {
            var (others, othersMode) = await FirstMatchAsync(text.WithoutLastWord(), [MatchMode.AllWords], ct);
            if (others.Count > 0 && NameStartsWith(letter, others.ToList()) is { Count: > 0 } kept) (relaxed, mode) = (kept, othersMode);
        }
        // Relaxed, the best correction first: "electric kettel" relaxed as typed showed electric lawn mowers, its kettel
        // matching nothing, where "electric kettle" relaxed opens with the kettles (an outside review, session 37). The
        // words as typed were relaxed first while a real word could be "corrected" ("sale lamp" showed safes); real
        // words are no longer edited (EnglishWords). A real word split in two is not relaxed to its halves.
        if (relaxed is null && found.Count == 0 && !asked.LooksLikeSku && !Spelling.JoinsARealWord(asked, vocabulary.Current))
        {
            if (best is not null && !Spelling.SplitsARealWord(text, best) && !Spelling.Swaps(text, best) && !Spelling.SplitsAUnit(text, best))
            {
                (relaxed, mode, wordsMatched, wordCounts) = await AnyMatchAsync(best, ct);
                // A correction none of whose own words or phrases matches anything changes nothing but the notice: "dress
                // size 8s" said "corrected to dress size "8 s"", a phrase no product has (a review, session 41).
                // Not so a unit named otherwise: "drill 20 volts" (no 20 V tools) relaxed as typed led with Volt-coloured
                // clothes; with the unit read as the unit, the drills lead though no product is 20 V (session 43).
                if (relaxed.Count > 0 && !ReferenceEquals(best, unitNamed) && !MatchesItsOwn(best, text, mode, wordCounts)) relaxed = [];
                if (relaxed.Count > 0) (corrected, text) = (best, best);
            }
            if (relaxed is not { Count: > 0 }) (relaxed, mode, wordsMatched, wordCounts) = await AnyMatchAsync(text, ct);
        }
        if (leftOut is { Count: > 0 }) (relaxed, wordsMatched) = Without(relaxed ?? found.ToList(), wordsMatched, leftOut);
        var total = relaxed?.Count ?? found.Count;
        if (total == 0) return missingSkus is null ? SearchResult.Empty : SearchResult.Empty with { SkuNotFound = missingSkus };

        MatchMode? relaxedTo = mode is MatchMode.AnyWordExact or MatchMode.AnyWord or MatchMode.AnyPrefix ? mode : null;
        // Narrowed from the newest matches of words that match more: there may be more of them than were read.
        var capped = total > MatchCap || narrowedCapped;
        var n = Math.Min(total, MatchCap);
        // Pooled: 10,000 ids are 40 KB of garbage per uncached search otherwise, and collections under load stop
        // every request thread. Nothing keeps them past the scan (the answer holds its own page of ids).
        var pooled = ArrayPool<int>.Shared.Rent(n);
        SearchResult answer;
        try
        {
            if (relaxed is null) found.CopyTo(pooled.AsSpan(0, n));
            else CollectionsMarshal.AsSpan(relaxed)[..n].CopyTo(pooled);
            var candidates = new ArraySegment<int>(pooled, 0, n);
            var brands = await BrandNamesAsync();
            using var relevance = request.Sort == ProductSort.Relevance ? new FieldRanking(WithOtherNumbers(text).QueryTerms(mode, ranking: true), candidates, wordsMatched, wordCounts, text.HeadWord, facts.Names, brands, categories) : null;
            answer = scan.Answer(request, filter, categories, brands, candidates, capped, relaxedTo, relevance);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pooled);
        }
        // A last word read as a prefix again (Spelling.Reopens) is the words as typed: nothing to say.
        if (missingSkus is not null) answer = answer with { SkuNotFound = missingSkus };
        // Over no results it said "these are results for the words apart" beside "No products found" (a second review).
        if (pairsNotFound is not null && answer.Total > 0) answer = answer with { PairsNotFound = pairsNotFound };
        // A relaxed correction is said as searched, a unit phrase in quotes: apart, its words relax otherwise ("phone 128
        // GB" relaxed to 499 products where "phone 128gb" showed 236, and with the phrase "phone 256 blue" lost the phones;
        // two outside reviews, session 42), and the page links the correction.
        return corrected is null || corrected.Normalized == asked.Normalized ? answer
            : answer with { CorrectedQuery = shown ?? (relaxedTo is null ? Spelling.Shown(corrected.NormalizedAsTyped) : corrected.NormalizedAsTyped) };
    }

    /// <summary>The ids (and, when relaxed, which words each matched) without those of <paramref name="leftOut"/>.</summary>
    private static (List<int> Ids, int[]? WordsMatched) Without(List<int> ids, int[]? wordsMatched, HashSet<int> leftOut)
    {
        var kept = new List<int>(ids.Count);
        var matched = wordsMatched is null ? null : new int[wordsMatched.Length];
        for (var i = 0; i < ids.Count; i++)
        {
            if (leftOut.Contains(ids[i])) continue;
            if (matched is not null) matched[kept.Count] = wordsMatched![i];
            kept.Add(ids[i]);
        }
        return (kept, matched);
    }

    /// <summary>The active products with any of the codes (each in any of the ways it may be written).</summary>
    internal static async Task<HashSet<int>> SkuIdsAsync(StoreDbContext db, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var candidates = codes.SelectMany(SearchText.WaysOfWriting).Distinct().ToArray();
        return [.. await db.Products.AsNoTracking().Where(p => candidates.Contains(p.Sku) && p.IsActive).Select(p => p.Id).ToListAsync(ct)];
    }

    // A long last word as typed first, then as a prefix (SearchText.TryWholeWordFirst).
    private static MatchMode[] Modes(SearchText text) => text.TryWholeWordFirst ? [MatchMode.AllWordsExact, MatchMode.AllWords] : [MatchMode.AllWords];

    /// <summary>
    /// Each word also matches its other number where the catalogue writes it ("laptop" finds the Chromebooks that only
    /// their category, "Laptops", names; an outside review): for every lookup and for ranking alike. The vocabulary's
    /// changes bump the catalogue version, so no cached answer outlives the words it was matched with.
    /// </summary>
    private SearchText WithOtherNumbers(SearchText text)
    {
        var words = vocabulary.Current;
        return text.WithOtherNumbers(word => Spelling.OtherNumbers(word, words), word => Spelling.LeftOutApart(word, words));
    }

    /// <summary>
    /// Of <paramref name="ids"/> (not changed), in order, those that have every number-and-unit or size phrase
    /// <paramref name="units"/> adds to <paramref name="text"/> side by side (null when there is no such phrase, or none
    /// has), and the phrases.
    /// </summary>
    private async Task<(List<int>? Kept, string[] Pairs)> SideBySideAsync(SearchText units, SearchText text, List<int> ids, CancellationToken ct)
    {
        var phrases = units.Phrases.Except(text.Phrases).Where(Spelling.IsUnitPhrase).ToArray();
        if (phrases.Length == 0) return (null, phrases);
        // "500 piece" or "500 pieces": either is the pair (Spelling.UnitForms).
        var forms = phrases.Select(p => Spelling.UnitForms(p, vocabulary.Current)).ToArray();
        var tests = forms.Select(f => f.Select(facts.Names.Phrase).ToArray()).ToArray();
        // A name that says the unit with another number ("8 GB", "1,500 Pieces", which FTS5 reads as "1 500 pieces") is out.
        // One that does not say the unit (silent) may have it in its description ("An 18 V impact driver": names alone hid
        // two of seven 18 V impact drivers, a second review), which only FTS5 holds: asked only for such names, since a
        // product name typed with its unit took 4-7 ms at 1M asked of FTS5, where names alone cost ~nothing.
        var unitWords = forms.Select(f => f.Select(p => facts.Names.Test(p[(p.LastIndexOf(' ') + 1)..], prefix: false)).ToArray()).ToArray();
        var (named, silent) = (new bool[ids.Count], new bool[ids.Count]);
        for (var i = 0; i < ids.Count; i++)
        {
            var (has, says) = (true, false);
            for (var t = 0; t < tests.Length; t++)
            {
                if (AnyIn(tests[t], ids[i])) continue;
                has = false;
                says |= AnyIn(unitWords[t], ids[i]);
            }
            (named[i], silent[i]) = (has, !has && !says);
        }
        // A loop, not Array.Exists: a lambda over the id was a delegate per match and test on every such search.
        static bool AnyIn(NameWords.WordTest[] tests, int id)
        {
            foreach (var test in tests)
            {
                if (test.In(id)) return true;
            }
            return false;
        }
        if (Array.TrueForAll(named, n => n)) return (ids, phrases);
        HashSet<int> held = [];
        if (Array.Exists(silent, s => s) && await FirstMatchAsync(units, Modes(units), ct) is var (found, _) && found.Count > 0)
        {
            held = [.. found.ToList()];
        }
        var kept = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (named[i] || (silent[i] && held.Contains(ids[i]))) kept.Add(ids[i]);
        }
        return (kept.Count > 0 ? kept : null, phrases);
    }

    /// <summary>Of <paramref name="ids"/> (not changed), those whose product name has a word starting with <paramref name="letter"/>, in order.</summary>
    private List<int> NameStartsWith(string letter, List<int> ids)
    {
        var marks = new int[ids.Count];
        facts.Names.Mark([facts.Names.Test(letter, prefix: true)], CollectionsMarshal.AsSpan(ids), marks);
        var kept = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (marks[i] != 0) kept.Add(ids[i]);
        }
        return kept;
    }

    /// <summary>The first mode whose expression matches something, with its (cached) matching ids; none found gives an empty list.</summary>
    private async Task<(FoundIds Found, MatchMode Mode)> FirstMatchAsync(SearchText text, MatchMode[] modes, CancellationToken ct)
    {
        text = WithOtherNumbers(text);
        string? previous = null;
        foreach (var mode in modes)
        {
            var expression = text.Match(mode);
            if (expression is null || expression == previous) continue;   // one word reads the same in two modes
            previous = expression;
            var found = await MatchingIdsAsync(expression, ct);
            if (found.Count > 0) return (found, mode);
        }
        return (default, modes[^1]);
    }

    /// <summary>
    /// A relaxed search: any of the words, then any of them as a prefix. Each word's own matches are one index lookup,
    /// cached like any other (a single-word search shares it), merged here newest first: the same ids as FTS5's OR of
    /// them, since each of the newest <see cref="MatchCap"/> of the union is among the newest of its own word's. The
    /// merge also says which words each product matched, which ranks those matching more of them first, and how many
    /// products each word matched (up to <see cref="MatchCap"/> + 1), which ranks the rarer word's matches first.
    /// A long last word is first taken as typed, as <see cref="Modes"/> does for every word together, when it matches
    /// anything so: "teal backp" is still the backpacks and what is teal, not only what is teal.
    /// </summary>
    private static MatchMode[] RelaxedModes(SearchText text) => text.TryWholeWordFirst
        ? [MatchMode.AnyWordExact, MatchMode.AnyWord, MatchMode.AnyPrefix]
        : [MatchMode.AnyWord, MatchMode.AnyPrefix];

    private async Task<(List<int> Found, MatchMode Mode, int[]? WordsMatched, int[]? WordCounts)> AnyMatchAsync(SearchText text, CancellationToken ct)
    {
        text = WithOtherNumbers(text);
        foreach (var mode in RelaxedModes(text))
        {
            var lists = new List<List<int>>();
            foreach (var term in text.TermMatches(mode)) lists.Add((await MatchingIdsAsync(term, ct)).ToList());
            // The last word's list is the last of the words' (phrases follow them).
            if (mode == MatchMode.AnyWordExact && lists[text.QueryTerms(mode).Count(t => !t.IsPhrase) - 1].Count == 0) continue;
            var (ids, matched) = Union(lists, MatchCap + 1);
            if (ids.Count > 0) return (ids, mode, matched, [.. lists.Select(l => l.Count)]);
        }
        return ([], MatchMode.AnyPrefix, null, null);
    }

    /// <summary>
    /// Whether any word or phrase of <paramref name="correction"/> that <paramref name="typed"/> lacks matched a product
    /// in its relaxed search (<paramref name="counts"/>, per term, as <see cref="AnyMatchAsync"/> gives them); true
    /// when it has none of its own.
    /// </summary>
    private static bool MatchesItsOwn(SearchText correction, SearchText typed, MatchMode mode, int[]? counts)
    {
        var terms = correction.QueryTerms(mode);
        if (counts is null || counts.Length != terms.Count) return true;
        var before = typed.QueryTerms(mode).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        var own = Enumerable.Range(0, terms.Count).Where(i => !before.Contains(terms[i].Text)).ToList();
        return own.Count == 0 || own.Any(i => counts[i] > 0);
    }

    /// <summary>The newest <paramref name="limit"/> ids of any of the lists (each newest first), with a bit per list each is in, by position.</summary>
    internal static (List<int> Ids, int[] InLists) Union(IReadOnlyList<List<int>> lists, int limit)
    {
        // Each list's next id kept in a flat array (-1 when it is done): the merge reads one array per step instead of
        // calling through the list of lists, which was a dispatch per list per id (two lists of 10,000 each for every
        // relaxed two-word search).
        List<int>[] sources = [.. lists];
        var at = new int[sources.Length];
        var heads = new int[sources.Length];
        for (var i = 0; i < sources.Length; i++) heads[i] = sources[i].Count > 0 ? sources[i][0] : -1;
        var capacity = (int)Math.Min(limit, sources.Sum(l => (long)l.Count));
        var ids = new List<int>(capacity);
        var inLists = new int[capacity];
        while (ids.Count < limit)
        {
            var newest = -1;
            foreach (var head in heads) newest = Math.Max(newest, head);
            if (newest < 0) break;
            var bits = 0;
            for (var i = 0; i < heads.Length; i++)
            {
                if (heads[i] != newest) continue;
                bits |= 1 << i;
                var next = ++at[i];
                heads[i] = next < sources[i].Count ? sources[i][next] : -1;
            }
            inLists[ids.Count] = bits;
            ids.Add(newest);
        }
        return (ids, ids.Count == inLists.Length ? inLists : inLists[..ids.Count]);
    }

    /// <summary>Up to <see cref="MatchCap"/> + 1 ids matching an FTS5 expression, newest first, from the cache or the index.</summary>
    private async Task<FoundIds> MatchingIdsAsync(string expression, CancellationToken ct)
    {
        // A list worked out in memory from words' cached whole lists is not kept: two random words are a new AND
        // each, and thousands of them pushed the words' own lists out of the match cache. Nor is it packed, only to be
        // unpacked a moment later: packing and unpacking such lists was 5-6% of the CPU of searches for single words
        // under load (perf, 32 connections, every answer computed).
        // A word's head of its cached whole list is neither: it is found again without a copy.
        var (found, _) = await cache.GetOrComputeAsync(cache.KeyForMatches(expression, "ids"), async () =>
        {
            var matches = await index.MatchesAsync(expression, ct);
            if (matches.Head is { } head) return new IdsEntry(head, matches.Count, null, Kept: false);
            return matches.FromMemory ? new IdsEntry(null, matches.Count, matches.Ids, Kept: false) : new IdsEntry(PackedIds.Pack(matches.Ids), matches.Count, null, Kept: true);
        }, m => m.Kept ? m.Packed!.Kilobytes : 1, m => m.Kept);
        return new FoundIds(found.Packed, found.Count, found.Worked);
    }

    private sealed record IdsEntry(PackedIds? Packed, int Count, List<int>? Worked, bool Kept);

    /// <summary>
    /// Matching ids, newest first: the newest <c>Count</c> of a packed list (the match cache's own, or a word's cached
    /// whole list), or a list just worked out in memory. Read only: requests waiting on the same computation share it.
    /// </summary>
    private readonly record struct FoundIds(PackedIds? Packed, int Count, List<int>? Worked)
    {
        /// <summary>The newest <c>into.Length</c> ids.</summary>
        public void CopyTo(Span<int> into)
        {
            if (Packed is not null) Packed.Unpack(into);
            else if (Worked is not null) CollectionsMarshal.AsSpan(Worked)[..into.Length].CopyTo(into);
        }

        public List<int> ToList() => Packed?.Unpack(Count) ?? Worked ?? [];
    }

    /// <summary>
    /// A query that is exactly a SKU ("EL-00007095", "el00007095", "el 00007095") names one product: that product is
    /// the whole answer, whatever the filters, rather than a list of products that merely share the digits.
    /// </summary>
    /// <remarks>Also what the search box suggests for a pasted SKU (<see cref="SearchSuggestions"/>).</remarks>
    public static async Task<SkuProduct?> SkuProductAsync(StoreDbContext db, SearchText text, CancellationToken ct)
    {
        var candidates = text.SkuCandidates.ToArray();
        if (candidates.Length == 0) return null;
        var found = await db.Products.AsNoTracking().Where(p => candidates.Contains(p.Sku) && p.IsActive)
            .Select(p => new SkuProduct(p.Id, p.Sku, p.Name, p.Slug)).ToListAsync(ct);
        // Several only when SKUs differ by case alone: the one written as typed, else the store's usual upper case.
        return found.OrderBy(p => Array.IndexOf(candidates, p.Sku)).FirstOrDefault();
    }

    public sealed record SkuProduct(int Id, string Sku, string Name, string Slug);

    /// <summary>The products with a pasted list's SKUs, in the order pasted, one page of them; null when none has any.</summary>
    private async Task<SearchResult?> PastedSkusAsync(SearchRequest request, IReadOnlyList<(string Code, List<string> Candidates)> pasted, HashSet<int>? leftOut, CancellationToken ct)
    {
        var candidates = pasted.SelectMany(p => p.Candidates).Distinct().ToArray();
        var rows = await db.Products.AsNoTracking().Where(p => candidates.Contains(p.Sku) && p.IsActive).Select(p => new { p.Id, p.Sku }).ToListAsync(ct);
        var bySku = rows.ToDictionary(r => r.Sku, r => r.Id, StringComparer.Ordinal);
        var ids = new List<int>();
        var missing = new List<string>();
        foreach (var (code, forms) in pasted)
        {
            // The form as typed first, as for one SKU (several only when SKUs differ by case alone).
            var id = forms.Select(f => bySku.GetValueOrDefault(f)).FirstOrDefault(id => id != 0);
            if (id == 0) missing.Add(code);
            else if (!ids.Contains(id) && leftOut?.Contains(id) != true) ids.Add(id);
        }
        if (ids.Count == 0) return null;
        var inStock = ids.Count(id => facts.TryGet(id, out var fact) && fact.Stock > 0);
        var page = ids.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        return new SearchResult(page, ids.Count, false, null, [], [], [], inStock) { SkusNotFound = missing };
    }

    private SearchResult SkuAnswer(SearchRequest request, int id, string sku)
    {
        var inStock = facts.TryGet(id, out var fact) && fact.Stock > 0;
        var page = request.Page == 1 ? [id] : Array.Empty<int>();
        return new SearchResult(page, 1, false, null, [], [], [], inStock ? 1 : 0) { Sku = sku };
    }

    private async Task<Dictionary<int, (string Name, string Slug)>> BrandNamesAsync()
    {
        var (names, _) = await cache.GetOrComputeAsync(cache.KeyForBrands(),
            async () => await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => (b.Name, b.Slug)), names => 1 + names.Count / 8);
        return names;
    }

    /// <summary>
    /// Resolves slugs; null when a chosen one names nothing (only if the catalogue changed since
    /// <see cref="KnownOnlyAsync"/>), which is an empty result rather than an error.
    /// </summary>
    private async Task<SearchFilter?> FilterAsync(SearchRequest request, CategoryNode? scope, CategoryTree.Snapshot categories)
    {
        var chosen = new List<CategoryNode>();
        foreach (var slug in request.Categories)
        {
            if (!categories.BySlug.TryGetValue(slug, out var node)) return null;
            chosen.Add(node);
        }
        HashSet<int>? brandIds = null;
        if (request.Brands.Count > 0)
        {
            var wanted = request.Brands.ToHashSet(StringComparer.Ordinal);
            brandIds = [.. (await BrandNamesAsync()).Where(b => wanted.Contains(b.Value.Slug)).Select(b => b.Key)];
            if (brandIds.Count != wanted.Count) return null;
        }
        return new SearchFilter(scope, chosen, chosen.Count == 0 ? null : [.. chosen.SelectMany(c => c.SelfAndDescendants()).Select(c => c.Id)], brandIds,
            request.MinPriceCents, request.MaxPriceCents, request.InStock);
    }
}
