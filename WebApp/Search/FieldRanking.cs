using System.Buffers;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// Relevance for every match of a search, computed in memory: each word (or prefix, or phrase) scores by where the
/// product has it, name 10, brand 4, category 4 (10 when two or more of the words are its category's), elsewhere (the
/// description) 1, the column weights bm25 used here;
/// products with equal scores go by popularity (<see cref="RankKey"/>). A relaxed search (any of the words) counts
/// the words a product matches first, so "wireless headphones" relaxed opens with products that have both, and weighs
/// first those with the word that names the thing (<see cref="SearchText.HeadWord"/>: "waterproof jacket" relaxed opens
/// with jackets, not waterproof dog beds), then weighs each word by how rare it is ("red dress": the dresses before
/// whatever is red and popular; two outside reviews).
/// <para>Why not bm25: it needs FTS5's instances of every phrase in every row, so ranking 2,000 matches cost more than
/// finding them, and broader searches could not be ranked at all (a second walk restricted to the name column stood
/// in). This reads a few numbers per match (<see cref="NameWords"/>), so every search, narrow or broad, is ranked the
/// same way, all 10,000 candidates included.</para>
/// </summary>
public sealed class FieldRanking : IDisposable
{
    private const double InName = 10;
    private const double InBrand = 4;
    private const double InCategory = 4;
    private const double Elsewhere = 1;

    // A word's other number ("laptops" for "laptop") scores this share of the word as typed: products named as the
    // shopper wrote it come first, and "shorts" does not rank short-sleeved shirts with the shorts.
    private const double AsOtherNumber = 0.8;

    // A word typed last (a prefix while being typed) scores this share where a field has only longer words starting
    // with it: Enter on "cap" opened with "Vitamin C, 90 Capsules" above the caps, "bed" with "A Bedtime Story" (an
    // outside review, session 52). Every match of a half-typed word ("lapt") is such a word, so their order is as before.
    private const double AsLongerWord = 0.7;

    // Above any sum of field scores (at most 18 a word, times a rarity of at most log2(10,002) ~ 13.3, 16 words: 3,840),
    // so the number of words matched decides first.
    private const double PerWordMatched = 10_000;

    // Below one more word matched, above any sum of field scores: of products matching as many words, those with the
    // head word first.
    private const double HeadWordMatched = 5_000;

    private int[] _inName;
    private readonly int[] _othersInName;      // per term, the name-test bits of its other numbers
    private readonly int[] _wholeInName;       // per prefix term, the name-test bit of the word itself; 0 otherwise
    private readonly double[][] _brandScore;   // per term, by brand id: what the brand's name adds
    private readonly double[][] _categoryScore;
    private readonly int[]? _matched;
    private readonly double[]? _rarity;         // relaxed: per term, log2(1 + 10,001 / the products it matched)
    private readonly int _headBit;              // relaxed: the bit of the head word's term; 0 when none

    /// <param name="terms">The search's words, prefixes and phrases, as matched.</param>
    /// <param name="candidates">The ids the scan will score; <see cref="Score"/> takes a position in this array.</param>
    /// <param name="matched">Which terms each candidate matched (bit i for term i), by position, in a relaxed search;
    /// null when every candidate matched every term.</param>
    /// <param name="matchCounts">In a relaxed search, how many products each term matched on its own (capped as matches are).</param>
    /// <param name="headWord">The word naming what is searched for (<see cref="SearchText.HeadWord"/>), if any.</param>
    public FieldRanking(IReadOnlyList<QueryTerm> terms, ArraySegment<int> candidates, int[]? matched, int[]? matchCounts, string? headWord, NameWords names,
        IReadOnlyDictionary<int, (string Name, string Slug)> brands, CategoryTree.Snapshot categories)
    {
        _matched = matched;
        if (matched is not null && matchCounts is { } counts && counts.Length == terms.Count)
        {
            _rarity = [.. counts.Select(n => Math.Log2(1 + (double)(ProductSearch.MatchCap + 1) / Math.Max(1, n)))];
        }
        for (var i = 0; matched is not null && i < terms.Count; i++)
        {
            if (!terms[i].IsPhrase && terms[i].Text == headWord) _headBit = 1 << i;
        }
        var tests = new List<NameWords.WordTest>(terms.Count);
        _othersInName = new int[terms.Count];
        _wholeInName = new int[terms.Count];
        _brandScore = new double[terms.Count][];
        _categoryScore = new double[terms.Count][];
        var brandSlots = brands.Keys.DefaultIfEmpty().Max() + 1;
        var categorySlots = categories.IdSlots;
        var brandWords = s_words.GetValue(brands, _ => brands.ToDictionary(b => b.Key, b => Words(b.Value.Name)));
        // The index's category column is the category's name and its department's.
        var categoryWords = s_words.GetValue(categories, _ => categories.ById.ToDictionary(c => c.Key, c => Words(c.Value.Name + " " + c.Value.Parent?.Name)));
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            tests.Add(term.IsPhrase ? names.Phrase(term.Text) : names.Test(term.Text, term.Prefix));
            var words = Words(term.Text);
            _brandScore[i] = new double[brandSlots];
            foreach (var (id, brand) in brandWords) _brandScore[i][id] = Weight(brand, words, term, InBrand);
            _categoryScore[i] = new double[categorySlots];
            foreach (var (id, category) in categoryWords) _categoryScore[i][id] = Weight(category, words, term, InCategory);
        }
        // Two or more of the words naming a category together name it as a product's name would: "home kitchen" opened with
        // cookbooks ("kitchen" in the name, "home cooks" in the description, 11) above the Home & Kitchen department
        // (4 + 4; left as found in session 47). One word alone ("home" of Smart Home) stays a category's 4.
        foreach (var id in categoryWords.Keys)
        {
            var held = 0;
            for (var i = 0; i < terms.Count; i++) held += _categoryScore[i][id] > 0 ? 1 : 0;
            if (held < 2) continue;
            for (var i = 0; i < terms.Count; i++) _categoryScore[i][id] *= InName / InCategory;
        }
        // Other numbers' name tests after the terms' own, a bit each (a name mark is 32 bits).
        for (var i = 0; i < terms.Count; i++)
        {
            foreach (var other in terms[i].Others ?? [])
            {
                if (tests.Count == 32) break;
                _othersInName[i] |= 1 << tests.Count;
                tests.Add(names.Test(other, prefix: false));
            }
        }
        // A prefix's word itself, likewise (a range inside the prefix's, so one more comparison a name word).
        for (var i = 0; i < terms.Count; i++)
        {
            if (!terms[i].Prefix || terms[i].IsPhrase || tests.Count == 32) continue;
            _wholeInName[i] = 1 << tests.Count;
            tests.Add(names.Test(terms[i].Text, prefix: false));
        }
        // All names first, in one tight pass: read inside the scan, each name was a cache miss the scan waited for.
        // Pooled: 40 KB for 10,000 candidates was the largest garbage of a computed search.
        _inName = ArrayPool<int>.Shared.Rent(Math.Max(1, candidates.Count));
        names.Mark([.. tests], candidates, _inName.AsSpan(0, candidates.Count));
    }

    /// <summary>Gives the name marks back to the pool: call once the scan that scores with this is over.</summary>
    public void Dispose()
    {
        // Once only: an array returned twice would be handed to two renters at once.
        if (Interlocked.Exchange(ref _inName, []) is { Length: > 0 } marks) ArrayPool<int>.Shared.Return(marks);
    }

    /// <summary>The score of the candidate at <paramref name="position"/>, lower first (as <see cref="RankKey"/> sorts).</summary>
    public double Score(int position, in ProductFact fact)
    {
        var mask = _matched is null ? -1 : _matched[position];
        var inName = _inName[position];
        var score = 0.0;
        for (var i = 0; i < _brandScore.Length; i++)
        {
            if ((mask & (1 << i)) == 0) continue;
            var field = 0.0;
            // A prefix's match is the word itself, its other number, or only a longer word starting with it.
            if ((inName & (1 << i)) != 0 && (_wholeInName[i] == 0 || (inName & _wholeInName[i]) != 0)) field += InName;
            else if ((inName & _othersInName[i]) != 0) field += InName * AsOtherNumber;
            else if ((inName & (1 << i)) != 0) field += InName * AsLongerWord;
            if ((uint)fact.BrandId < (uint)_brandScore[i].Length) field += _brandScore[i][fact.BrandId];
            if ((uint)fact.CategoryId < (uint)_categoryScore[i].Length) field += _categoryScore[i][fact.CategoryId];
            score += (field == 0 ? Elsewhere : field) * (_rarity is null ? 1 : _rarity[i]) + (_matched is null ? 0 : PerWordMatched);
            // The head word names the thing only where the product is named or filed as it: "tv cable" relaxed led with
            // lamps whose descriptions mention a cable, above the TVs (an outside review, session 53).
            if (field > 0 && (1 << i) == _headBit) score += HeadWordMatched;
        }
        return -score;
    }

    // The words of every brand and category name, split once per catalogue version (the brand names and the category
    // tree are each one object per version).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Dictionary<int, string[]>> s_words = [];

    private static string[] Words(string text)
    {
        var words = new List<string>();
        NameWords.Split(text, words);
        return [.. words];
    }

    /// <summary>A brand's or category's share of a term's score: <paramref name="weight"/> when its name holds the term, less
    /// for the term's other number or, for a prefix, only longer words starting with it.</summary>
    private static double Weight(string[] name, string[] wanted, QueryTerm term, double weight)
    {
        if (Holds(name, wanted, term with { Prefix = false })) return weight;
        foreach (var other in term.Others ?? [])
        {
            if (Array.IndexOf(name, other) >= 0) return weight * AsOtherNumber;
        }
        return term.Prefix && Holds(name, wanted, term) ? weight * AsLongerWord : 0;
    }

    /// <summary>Whether a name's words hold the term's: the word, a word starting with it, or the phrase's words in a row.</summary>
    private static bool Holds(string[] name, string[] wanted, QueryTerm term)
    {
        if (wanted.Length == 0) return false;
        if (term.IsPhrase)
        {
            for (var i = 0; i + wanted.Length <= name.Length; i++)
            {
                if (name.AsSpan(i, wanted.Length).SequenceEqual(wanted)) return true;
            }
            return false;
        }
        // A loop, not LINQ: this runs for every brand and category for every word of every computed search.
        foreach (var word in name)
        {
            if (term.Prefix ? word.StartsWith(wanted[0], StringComparison.Ordinal) : word == wanted[0]) return true;
        }
        return false;
    }
}
