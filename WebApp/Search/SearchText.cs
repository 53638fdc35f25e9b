using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WebApp.Search;

/// <summary>
/// What a shopper typed, reduced to words, quoted phrases and exclusions. User text never reaches FTS5's MATCH as is:
/// words keep only letters and digits (what the unicode61 tokenizer indexes anyway) and every one is emitted as a
/// quoted string, so FTS5 syntax in the input (quotes, *, ^, :, NEAR, AND/OR/NOT, parentheses) is just text.
/// </summary>
public sealed class SearchText
{
    public const int MaxInputLength = 200;

    /// <summary>
    /// How long one match of the search patterns may run before it is given up (a guard against a crafted string that
    /// makes a pattern backtrack, not a latency aim). The clock is the wall's, so a thread waiting for the CPU spends it
    /// too: 50 ms ran out in CI on a busy 2-core machine and read "lamp at least $20 but under $50" as words. The worst
    /// of 20,000 crafted 200-character strings took 7 ms for a whole price reading.
    /// </summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);
    private const int MaxWordLength = 40;
    private const int MaxTerms = 8;

    // Words too common to narrow anything ("the" is in most descriptions): requiring them costs FTS5 a walk over a
    // doclist the size of the catalogue and changes no result. They still count inside quoted phrases.
    private static readonly HashSet<string> s_stopWords = ["the", "a", "an", "and", "or", "of", "for", "with", "to", "in", "on", "by", "at", "is", "it", "from"];

    public IReadOnlyList<string> Words { get; }
    public IReadOnlyList<string> Phrases { get; }
    public IReadOnlyList<string> Excluded { get; }

    /// <summary>The query as the store understood it; the "showing results for" text uses it.</summary>
    public string Normalized { get; }

    /// <summary>True when the last word was still being typed (no trailing space), so it may match as a prefix.</summary>
    public bool LastWordOpen => _lastWordOpen;
    private readonly bool _lastWordOpen;

    /// <summary>The shopper asked for exactly these words ("Search instead for ..."): no spelling correction.</summary>
    public bool AsTyped { get; }

    // Words typed in quotes on their own ("laptp" in quotes): searched as they are, like a quoted phrase, never corrected.
    private readonly HashSet<string> _quoted;

    /// <summary>True for a word the shopper put in quotes by itself: it is searched exactly as typed.</summary>
    public bool IsQuoted(string word) => _quoted.Contains(word);

    /// <summary>
    /// What distinguishes this search in a cache key: the words, whether the last one is still open (a prefix: "lamp wh"
    /// and "lamp wh " are different searches with one normalized text), whether corrections were allowed, and what the
    /// input says as codes: a SKU, a shape that is never loosened, a pasted list (its codes, all of them: the words keep
    /// only the first eight, and two lists sharing them were one cached answer; an outside review).
    /// </summary>
    public string Key => Normalized + (_lastWordOpen ? "" : "\u001eclosed") + (AsTyped ? "\u001eas typed" : "")
        + (Starts.Count > 0 ? "\u001estarts " + string.Join(',', Starts.Order(StringComparer.Ordinal)) : "")
        + (SkuCandidates.Count > 0 ? "\u001esku " + SkuCandidates[0] : "") + (LooksLikeSku ? "\u001ecodes" : "")
        + (PastedSkus.Count > 0 ? "\u001elist " + string.Join(',', PastedSkus.Select(p => p.Code)) : "")
        + (SkuBeside is var (codes, _) ? "\u001ebeside " + string.Join(',', codes) : "")
        + (Sequence is { } typed ? "\u001etyped " + string.Join(' ', typed) : "")
        + (Decimals.Count > 0 ? "\u001edecimals " + string.Join(',', Decimals.Order(StringComparer.Ordinal)) : "");

    /// <summary>
    /// Numbers typed with a decimal point, each as the phrase of its two parts ("1 5" of "1.5"), both of them in
    /// <see cref="Words"/>: the index holds "1.5" as the words "1" and "5". A relaxed search matches either part as
    /// the whole number (<see cref="TermMatches"/>). Not kept by a search with other words.
    /// </summary>
    public IReadOnlySet<string> Decimals { get; private init; } = s_noDecimals;

    private static readonly HashSet<string> s_noDecimals = [];

    /// <summary>
    /// The words in the order typed, each as often as typed, when a word was typed twice ("laptop 16 inch 16 gb"), else
    /// null: <see cref="Words"/> holds each once, and the second pair was lost (left as found in session 42).
    /// <see cref="Spelling.UnitsSideBySide"/> reads number-and-unit pairs from it. Not kept by a search with other words.
    /// </summary>
    public IReadOnlyList<string>? Sequence { get; private init; }

    /// <summary>
    /// The ways the input could be written as a SKU ("el 00007095" -> "EL-00007095"), when it could be one: a single
    /// code of letters, digits, '-', '_' or '.', with a digit, perhaps split by one space. Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> SkuCandidates { get; private init; } = [];

    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0;

    /// <summary>
    /// Words before the last matched as the start of a word, as the open last word is: words the catalogue lacks that
    /// start some of its words ("zenw laptop": the Zenworks laptops; "mapl laptop": the Mapleion laptops, where it was
    /// "maps laptop"; a review, session 37). Set by <see cref="Spelling"/>, which knows the catalogue's words.
    /// </summary>
    public IReadOnlySet<string> Starts { get; private init; } = s_noStarts;
    private static readonly HashSet<string> s_noStarts = [];

    /// <summary>The same search typed in the order <paramref name="sequence"/> gives (<see cref="Sequence"/>): a correction of one typed so.</summary>
    public SearchText WithSequence(IReadOnlyList<string> sequence) => Copy(Starts, sequence);

    /// <summary>The same search with <paramref name="starts"/> matched as the start of a word (<see cref="Starts"/>).</summary>
    public SearchText WithStarts(IReadOnlyCollection<string> starts) => starts.Count == 0 ? this
        : Copy(new HashSet<string>(starts, StringComparer.Ordinal), Sequence);

    private SearchText Copy(IReadOnlySet<string> starts, IReadOnlyList<string>? sequence) =>
        new([.. Words], [.. Phrases], [.. Excluded], _lastWordOpen, AsTyped, _quoted, _unshown, ExcludedSkus)
        {
            SkuCandidates = SkuCandidates,
            LooksLikeSku = LooksLikeSku,
            PastedSkus = PastedSkus,
            OtherNumbers = OtherNumbers,
            ExcludedApart = ExcludedApart,
            Starts = starts,
            Sequence = sequence,
            Decimals = Decimals,
        };

    private SearchText(List<string> words, List<string> phrases, List<string> excluded, bool lastWordOpen, bool asTyped = false, HashSet<string>? quoted = null,
        HashSet<string>? unshown = null, IReadOnlyList<string>? excludedSkus = null)
    {
        Words = words;
        ExcludedSkus = excludedSkus ?? [];
        Phrases = phrases;
        Excluded = excluded;
        _lastWordOpen = lastWordOpen;
        AsTyped = asTyped;
        _quoted = quoted ?? [];
        _unshown = unshown ?? [];
        Normalized = Written(words);
    }

    /// <summary>
    /// <see cref="Normalized"/> with the words in the order typed when a word was typed twice (<see cref="Sequence"/>):
    /// what a correction of such a search shows, so its link finds the same ("dsek 70 x 70" said "desk 70 x").
    /// </summary>
    public string NormalizedAsTyped => Sequence is { } typed ? Written(typed) : Normalized;

    private string Written(IEnumerable<string> words)
    {
        // Quoted words keep their quotes: what the page says it searched, and a cache key apart from the same word bare.
        var parts = words.Select(w => _quoted.Contains(w) ? $"\"{w}\"" : w).Concat(Phrases.Where(p => !_unshown.Contains(p)).Select(p => $"\"{p}\""))
            .Concat(Excluded.Select(e => e.Contains(' ', StringComparison.Ordinal) ? $"-\"{e}\"" : "-" + e)).Concat(ExcludedSkus.Where(IsWrittenAsSku).Select(code => "-" + code));
        return string.Join(' ', parts);
    }

    /// <summary>The same search with other words left out (<see cref="Spelling.LeftOut"/>).</summary>
    public SearchText WithExcluded(IReadOnlyList<string> excluded) =>
        new([.. Words], [.. Phrases], [.. excluded], _lastWordOpen, AsTyped, _quoted, _unshown, ExcludedSkus) { Starts = Starts };

    /// <summary>The same search with other words (a spelling correction), keeping its phrases, exclusions and open last word.</summary>
    public SearchText WithWords(IReadOnlyList<string> words) =>
        new([.. words], [.. Phrases], [.. Excluded], _lastWordOpen && words.Count > 0, quoted: _quoted, unshown: _unshown, excludedSkus: ExcludedSkus);

    // Phrases that hold words of a correction together without being written out ("wi fi" of "wifi"), so the page says
    // "wi fi camera" where it said camera "wi fi".
    private readonly HashSet<string> _unshown;

    /// <summary>
    /// The same search with other words and more phrases (a number split from its unit is the phrase "16 gb"), its last
    /// word open only when <paramref name="lastWordOpen"/> says the last word typed is still the last word.
    /// </summary>
    /// <param name="unshown">Of <paramref name="phrases"/>, those the words already show (two words typed as one, and
    /// required side by side): matched, never written in <see cref="Normalized"/>.</param>
    public SearchText WithWords(IReadOnlyList<string> words, IReadOnlyList<string> phrases, bool lastWordOpen, IReadOnlyCollection<string>? unshown = null) =>
        new([.. words], [.. Phrases, .. phrases.Where(p => !Phrases.Contains(p))], [.. Excluded], lastWordOpen && words.Count > 0, quoted: _quoted,
            unshown: [.. _unshown, .. unshown ?? []], excludedSkus: ExcludedSkus);

    /// <summary>
    /// The same search with each plain word (not quoted, not a common word) matched with its other numbers, as
    /// <paramref name="others"/> gives them (<see cref="Spelling.OtherNumbers"/>): "laptop" is written
    /// <c>("laptop" OR "laptops")</c>, and ranks the word as typed above its other number (<see cref="FieldRanking"/>).
    /// An open last word, a prefix, already reaches its plural. An excluded word the catalogue writes as two, as
    /// <paramref name="apart"/> gives them, leaves out the two side by side: "shirt -tshirt" leaves out the T-shirts
    /// (an outside review), where a word no product has left out nothing.
    /// </summary>
    public SearchText WithOtherNumbers(Func<string, string[]> others, Func<string, string?>? apart = null)
    {
        Dictionary<string, string[]>? found = null;
        foreach (var word in Words.Concat(Excluded))
        {
            if (_quoted.Contains(word) || s_stopWords.Contains(word)) continue;
            if (others(word) is { Length: > 0 } forms) (found ??= new(StringComparer.Ordinal))[word] = forms;
        }
        Dictionary<string, string>? split = null;
        foreach (var word in Excluded)
        {
            if (word.Contains(' ', StringComparison.Ordinal) || found?.ContainsKey(word) == true) continue;
            if (apart?.Invoke(word) is { } phrase) (split ??= new(StringComparer.Ordinal))[word] = phrase;
        }
        return found is null && split is null ? this : new SearchText([.. Words], [.. Phrases], [.. Excluded], _lastWordOpen, AsTyped, _quoted, _unshown, ExcludedSkus)
        {
            SkuCandidates = SkuCandidates,
            LooksLikeSku = LooksLikeSku,
            PastedSkus = PastedSkus,
            OtherNumbers = found,
            ExcludedApart = split,
            Starts = Starts,
            Sequence = Sequence,
            Decimals = Decimals,
        };
    }

    // Excluded words no product has, by the two words the catalogue writes for them ("tshirt": "t shirt").
    private IReadOnlyDictionary<string, string>? ExcludedApart { get; init; }

    private IReadOnlyDictionary<string, string[]>? OtherNumbers { get; init; }

    /// <summary>
    /// The last word when it is one letter after other words ("lamp b", the b perhaps still being typed): never a
    /// prefix for the index (every word starting with b is most of it), so <see cref="ProductSearch"/> keeps the other
    /// words' matches whose name has a word starting with it, when the letter as a word of its own finds nothing.
    /// </summary>
    public string? LastLetter => Words.Count > 1 && Phrases.Count == 0 && Words[^1].Length == 1 && char.IsLetter(Words[^1][0]) ? Words[^1] : null;

    /// <summary>The same search without its last word, the one before it finished (followed by a space).</summary>
    public SearchText WithoutLastWord() => WithWords([.. Words.Take(Words.Count - 1)], [], lastWordOpen: false);

    // Words after which a search says what the thing is for, goes with or costs, not what it is: "shoes for men",
    // "laptop under 500".
    private static readonly HashSet<string> s_prepositions = ["for", "with", "in", "on", "by", "at", "from", "to", "of", "under", "over", "without", "below", "above", "near", "like"];

    // Words that say what a thing is like, not what it is: colours, sizes, materials and finishes. Typed first or
    // last ("dress red", "helmet large", "sofa leather", "tent waterproof"), they are never the head word: taken as
    // it, a relaxed "dress red" showed pumps and a dog harness before any of the 25 dresses (an outside review).
    private static readonly HashSet<string> s_describing =
    [
        "red", "blue", "green", "black", "white", "grey", "gray", "pink", "navy", "brown", "purple", "orange", "yellow",
        "beige", "gold", "golden", "silver", "teal", "tan", "olive", "cream", "ivory", "burgundy", "coral", "charcoal",
        "natural", "clear", "multicolour", "multicolor",
        "small", "medium", "large", "extra", "mini", "big", "tiny", "huge", "tall", "short", "long", "wide", "narrow",
        "xs", "xl", "xxl", "size", "kids", "adult", "men", "mens", "women", "womens", "boys", "girls", "unisex",
        "leather", "wooden", "wood", "cotton", "linen", "wool", "silk", "steel", "stainless", "metal", "plastic",
        "ceramic", "bamboo", "oak", "marble", "rattan", "velvet", "denim",
        // Finishes: "yoga matt" (a slip for mat) took "matt" for the head and showed two pages of matt-finish lamps (an
        // outside review, session 52).
        "matt", "matte", "gloss", "glossy", "satin", "brushed", "polished", "chrome", "frosted", "textured",
        "waterproof", "wireless", "cordless", "portable", "foldable", "folding", "compact", "lightweight", "heavy",
        "cheap", "new", "best", "organic", "vintage", "modern", "classic", "smart", "electric",
    ];

    /// <summary>
    /// The word naming what is searched for, as English puts it: the last significant word before any preposition
    /// ("waterproof jacket": jacket; "shoes for men": shoes) that is not a describing word (a colour, size or
    /// material: "dress red" is a dress). Null for a search of fewer than two significant words.
    /// A relaxed search ranks the products that have it first (<see cref="FieldRanking"/>).
    /// </summary>
    public string? HeadWord
    {
        get
        {
            if (Words.Count(w => !s_stopWords.Contains(w) && !s_prepositions.Contains(w)) < 2) return null;
            string? head = null, named = null, before = null;
            foreach (var word in Words)
            {
                if (s_prepositions.Contains(word) && head is not null) break;
                if (s_stopWords.Contains(word) || s_prepositions.Contains(word)) continue;
                head = word;
                // "jeans 32" is jeans; and "tv 16 inch" a TV, the word after a number being its unit (relaxed, the 16-inch
                // laptops led; an outside review, session 43).
                if (!s_describing.Contains(word) && !word.Any(char.IsDigit) && !(before is not null && before.All(char.IsAsciiDigit))) named = word;
                before = word;
            }
            return named ?? head;
        }
    }

    /// <summary>
    /// What was typed as the page shows it back (the heading, the notices, the search box): spaces collapsed, control
    /// and format characters as spaces. A NUL showed as "\uFFFD", and a right-to-left override turned the text after
    /// it round (a second review).
    /// </summary>
    public static string Shown(string typed) => string.Join(' ', string.Create(typed.Length, typed, static (shown, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            shown[i] = char.IsControl(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.Format ? ' ' : text[i];
        }
    }).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A word too common to narrow a search ("the", "for"): never required, never corrected.</summary>
    public static bool IsCommonWord(string word) => s_stopWords.Contains(word);

    /// <param name="input">What the shopper typed.</param>
    /// <param name="asTyped">True for "search instead for": no spelling correction.</param>
    public static SearchText Parse(string? input, bool asTyped = false)
    {
        // "laptop NOT EL-00001794" went to the very product left out, and "laptop NOT business" showed business laptops
        // (a review, session 38): NOT in capitals before a word, as search engines read it, is its minus.
        if (input is not null && input.Contains("NOT", StringComparison.Ordinal)) input = WithNotAsMinus(input);
        // "laptop -EL-00001794": the product with that SKU left out. Read as words, the code was "-el" and a required
        // "00001794" that no product has, and the search relaxed to any word (a review, session 37).
        if (ExcludedCodes(input) is var (others, leftOut))
        {
            // Not Parse: a code without its dash stays in the words, and would be found again, and again.
            var kept = ParseWords(others, asTyped);
            return new SearchText([.. kept.Words], [.. kept.Phrases], [.. kept.Excluded], kept._lastWordOpen, asTyped, kept._quoted, kept._unshown, leftOut)
            {
                SkuCandidates = kept.SkuCandidates,
                LooksLikeSku = kept.LooksLikeSku,
                PastedSkus = kept.PastedSkus,
                SkuBeside = kept.SkuBeside,
                Priced = kept.Priced,
                Sequence = kept.Sequence,
                Decimals = kept.Decimals,
            };
        }
        return ParseWords(input, asTyped);
    }

    private static SearchText ParseWords(string? input, bool asTyped)
    {
        var words = new List<string>();
        var phrases = new List<string>();
        var excluded = new List<string>();
        var quoted = new HashSet<string>();
        var sequence = new List<string>();
        if (string.IsNullOrWhiteSpace(input)) return new SearchText(words, phrases, excluded, false, asTyped);

        // "laptop 15.6in", "phone 6.1in": a size in inches with its decimals, as "15.6 inch" (the glued unit after the
        // decimals was left glued, and the search relaxed to any word; an outside review, session 43).
        var text = s_decimalInches.Replace(Clean(input.Length > MaxInputLength ? input[..MaxInputLength] : input), "$1 inch");
        var decimals = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in s_decimal.EnumerateMatches(text))
        {
            var number = text.AsSpan(m.Index, m.Length);
            var point = number.IndexOfAny('.', ',');
            decimals.Add($"{number[..point]} {number[(point + 1)..]}");
        }
        var i = 0;
        var lastWasWord = false;
        while (i < text.Length && words.Count + phrases.Count + excluded.Count < MaxTerms)
        {
            var c = text[i];
            // "--desk" (a doubled minus, as some keyboards' autocorrect or a hurried shopper types it) is "-desk": its
            // last minus began an exclusion only after a space, so "desk" was required (an outside review).
            var minus = c == '-' && (i == 0 || char.IsWhiteSpace(text[i - 1]));
            if (minus)
            {
                while (i + 1 < text.Length && text[i + 1] == '-') i++;
            }
            // -"desk" and -"floor lamp" leave out the word or phrase (the minus was dropped and the quotes required it:
            // "lamp -"desk"" showed only desk lamps; an outside review).
            var negatedQuote = minus && i + 1 < text.Length && text[i + 1] == '"';
            if (negatedQuote)
            {
                var end = text.IndexOf('"', i + 2);
                var inner = end < 0 ? text[(i + 2)..] : text[(i + 2)..end];
                i = end < 0 ? text.Length : end + 1;
                var tokens = Tokens(inner).Take(MaxTerms).ToList();
                if (tokens.Count > 0) excluded.Add(string.Join(' ', tokens));
                lastWasWord = false;
                continue;
            }
            // 'tv 55"', 'laptop 15.6”': a quote mark right after a number is the inch sign. As a quote it began a phrase
            // of whatever followed, or nothing, and the inch was lost (left as found in session 42).
            if (c is '"' or '\u201D' or '\u2033' && IsInchMark(text, i))
            {
                if (!words.Contains(Inch)) words.Add(Inch);
                sequence.Add(Inch);
                i++;
                lastWasWord = false;
                continue;
            }
            if (c == '"')
            {
                var end = text.IndexOf('"', i + 1);
                var inner = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
                i = end < 0 ? text.Length : end + 1;
                var tokens = Tokens(inner).ToList();
                if (tokens.Count == 1)
                {
                    if (!words.Contains(tokens[0])) words.Add(tokens[0]);
                    quoted.Add(tokens[0]);
                    sequence.Add(tokens[0]);
                }
                else if (tokens.Count > 1) phrases.Add(string.Join(' ', tokens.Take(MaxTerms)));
                lastWasWord = false;
                continue;
            }
            // "-word" excludes only at the start of a word: "EL-00012345" is a SKU, not "EL" without "00012345".
            var negated = minus && IsWordChar(text, i + 1);
            if (negated) i++;
            if (!IsWordChar(text, i))
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
                lastWasWord = false;
                continue;
            }
            var start = i;
            while (i < text.Length && (IsWordChar(text, i) || IsJoiner(text, i))) i++;
            // "-2-in-1" leaves out the two-in-ones, as -"2-in-1" does: read a piece at a time it left out every "2" and
            // required "1" (42 laptops of 279 where 215 are not 2-in-1; a second review).
            if (negated)
            {
                while (i + 1 < text.Length && text[i] is '-' or '/' or '.' && IsWordChar(text, i + 1))
                {
                    i++;
                    while (i < text.Length && (IsWordChar(text, i) || IsJoiner(text, i))) i++;
                }
                var pieces = Tokens(text[start..i]).Take(MaxTerms).ToList();
                if (pieces.Count > 0 && !excluded.Contains(string.Join(' ', pieces))) excluded.Add(string.Join(' ', pieces));
            }
            else
            {
                foreach (var token in Tokens(text[start..i]))
                {
                    if (!words.Contains(token)) words.Add(token);
                    // A word typed twice in a row is typed once: "laptop 16 16 inch" lost its pair, the second "16"
                    // following a number (an outside review, session 43).
                    if (sequence.Count == 0 || sequence[^1] != token) sequence.Add(token);
                }
            }
            // "$25" is a price typed whole: as an open last word it matched as a start, and "coffee $25" found the
            // 250 g bags (a review, session 38).
            lastWasWord = !negated && !(start > 0 && CharUnicodeInfo.GetUnicodeCategory(text[start - 1]) == UnicodeCategory.CurrencySymbol);
            // A possessive's s ("men's shirt") is not a word: as one, every "Size S" matched it and came first (an
            // outside review). The catalogue's own "Men's" is found by "men".
            if (i + 1 < text.Length && text[i] is '\'' or '\u2019' or '`' or '\u02BC' && text[i + 1] is 's' or 'S' && !IsWordChar(text, i + 2)) i += 2;
        }
        // "headph" still being typed matches "headphones"; "tv " with a space after it is a finished word.
        var open = lastWasWord && i >= text.Length && words.Count > 0 && words[^1].Length >= 2;
        // A list as pasted from an order or a spreadsheet: quoted cells, "SKU:" labels and "1." numbering are no codes.
        var codes = input.Split(s_codeSeparators, StringSplitOptions.RemoveEmptyEntries).Select(code => code.Trim('"', '\'', '“', '”'))
            .Where(code => code.Length > 0 && !IsListLabel(code)).ToArray();
        var allCodes = codes.Length > 0 && codes.All(code => HasSkuShape(SkuCode(code)) || IsNearSku(SkuCode(code)));
        var beside = allCodes ? null : SkuBesideWords(input);
        return new SearchText(words, phrases, excluded, open, asTyped, quoted)
        {
            Priced = input.Any(c => CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.CurrencySymbol),
            SkuCandidates = beside is null ? Skus(input) : [.. Skus(input).Concat(Skus(beside)).Distinct(StringComparer.Ordinal)],
            SkuBeside = allCodes ? null : CodesBesideWords(input, asTyped),
            LooksLikeSku = LooksLikeOneSku(input) || allCodes,
            PastedSkus = allCodes && codes.Length is >= 2 and <= MaxPastedSkus ? [.. codes.Select(code => (SkuCode(code), Skus(code)))] : [],
            Sequence = sequence.Count > words.Count && sequence.Count <= 4 * MaxTerms ? sequence : null,
            Decimals = decimals.Count == 0 ? s_noDecimals : [.. decimals.Where(d => d.Split(' ') is [var whole, var part] && words.Contains(whole) && words.Contains(part))],
        };
    }

    private static bool IsListLabel(string part) =>
        part.TrimEnd(':', '#', '.') is var label && (label.Equals("sku", StringComparison.OrdinalIgnoreCase) || label.Length == 0
            || part.Length <= 4 && part[^1] is '.' or ')' && part[..^1].All(char.IsAsciiDigit));

    // What separates codes pasted as a list: spaces, line breaks, commas, semicolons, slashes, bars.
    private static readonly char[] s_codeSeparators = [' ', '\t', '\n', '\r', ',', ';', '/', '|', '\u00A0'];

    /// <summary>The most SKUs a pasted list is looked up by (a page of results).</summary>
    public const int MaxPastedSkus = 24;

    /// <summary>
    /// Two or more codes shaped like SKUs and nothing else ("EL-00001794, EL-00001795", pasted from an order or a
    /// spreadsheet): each code as typed with the ways it could be written. The search answers with the products that
    /// have them (an outside review: such a list relaxed to every word starting with "el", or said no product had
    /// "HK-00001795 SO-00001796" when both existed). Empty otherwise.
    /// </summary>
    public IReadOnlyList<(string Code, List<string> Candidates)> PastedSkus { get; private init; } = [];

    /// <summary>
    /// The input has a SKU's shape (two to four letters, then four or more digits: "EL-00007095", "sku fa 7095."):
    /// when no product has it, loosening it into "words starting with el" answers nothing the shopper asked.
    /// </summary>
    public bool LooksLikeSku { get; private init; }

    // The whole input one code: "EL-00007095", or "EL 00007095" with a space when its digits are a SKU's eight, or six
    // at least, or after a "SKU" label. "tv 2024", "bulb 1600" and "watt 1000" were read as codes, never relaxed, and
    // said no product had that SKU (a third review, session 38).
    private static bool LooksLikeOneSku(string input)
    {
        var code = SkuCode(input);
        if (!HasSkuShape(code)) return false;
        var space = code.IndexOf(' ');
        return space < 0 || code.Length - code.LastIndexOf(' ') - 1 >= 6 || input.TrimStart().StartsWith("sku", StringComparison.OrdinalIgnoreCase);
    }

    // Written out rather than as a regex: a regex with a match timeout threw RegexMatchTimeoutException (a 500) on
    // "thermal" under 32 connections, where a GC pause or a busy core outlasted the 50 ms; this is one pass, no clock.
    internal static bool HasSkuShape(string code)
    {
        var letters = 0;
        while (letters < code.Length && char.IsAsciiLetter(code[letters])) letters++;
        if (letters is < 2 or > 4) return false;
        var i = letters;
        while (i < code.Length && code[i] is '-' or '_' or '.' or ' ') i++;
        var digits = code.Length - i;
        return digits >= 4 && code.AsSpan(i).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>
    /// A code like a SKU with a slip in it ("EL-00001794x", "EL-OOOO1794" with letter O's): two to four letters, a dash
    /// or underscore, then six or more letters and digits, four of them digits. A query of nothing but such codes (one,
    /// or several pasted at once) is not relaxed: "el" matched every word starting with it, 1,357 products for one
    /// mistyped code. Next to words ("laptop XQ-99999999") the words still count.
    /// </summary>
    internal static bool IsNearSku(string code)
    {
        var letters = 0;
        while (letters < code.Length && char.IsAsciiLetter(code[letters])) letters++;
        if (letters is < 2 or > 4 || letters >= code.Length || code[letters] is not ('-' or '_')) return false;
        var (length, digits) = (0, 0);
        for (var i = letters + 1; i < code.Length; i++, length++)
        {
            if (!char.IsAsciiLetterOrDigit(code[i])) return false;
            if (char.IsAsciiDigit(code[i])) digits++;
        }
        return length >= 6 && digits >= 4;
    }

    // "SKU: FA-00007095." as printed on an invoice, or pasted with the sentence's full stop: the code alone.
    private static string SkuCode(string input)
    {
        // As Clean reads them: a dash of any kind, a no-break space (as copied from a PDF invoice) and full-width letters
        // and digits ("ＥＬ-00001794" relaxed to 1,357 products; a review, session 37).
        input = string.Create(input.Length, input, static (code, typed) =>
        {
            for (var i = 0; i < typed.Length; i++)
            {
                var c = typed[i];
                code[i] = IsDash(c) ? '-' : c is '\u00A0' or '\u202F' or '\u3000' ? ' ' : c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c;
            }
        });
        // In quotes too: "\"EL-00001794\"" said no product had the SKU (a review, session 37).
        var code = input.Trim().TrimEnd('.', ',', ';', ':', '!', '?', ')', '/', '|', '"', '\'', '”').Trim().TrimStart('(', '#', '"', '\'', '“');
        if (code.Length > 4 && code.StartsWith("sku", StringComparison.OrdinalIgnoreCase) && code[3] is ' ' or ':' or '#' or '-')
        {
            code = code[4..].TrimStart(' ', ':', '#', '-');
        }
        return code;
    }

    /// <summary>
    /// The ways of writing the one code shaped like a SKU among other words ("EL-00001794 laptop", "nordvik
    /// EL-00001794"): a SKU is an exact answer beside words too, where the product came first under "No results for"
    /// and 279 laptops (a review, session 37, as the issue found it for the code alone).
    /// </summary>
    private static string? SkuBesideWords(string input)
    {
        if (!HasDigit(input)) return null;
        // One code, and no word left out: two codes beside a word dropped the second, and "EL-00001794 -laptop" went to
        // the laptop it excluded (a third review).
        var tokens = input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var codes = tokens.Where(t => HasSkuShape(SkuCode(t))).ToList();
        if (codes.Count != 1 || tokens.Length < 2 || tokens.Any(t => t.Length > 1 && IsMinus(t[0]))) return null;
        return codes[0];
    }

    /// <summary>
    /// The codes shaped like SKUs among other words ("laptop EL-99999999", "laptop XQ-1234 XQ-5678 -business") and the
    /// search of the other words, exclusions kept: what is searched when no product has any of them. It relaxed to any
    /// of the words (the codes' "el" and digits among them) and never said a code was unknown (reviews, sessions 37-38).
    /// </summary>
    private static (IReadOnlyList<string> Codes, SearchText Others)? CodesBesideWords(string input, bool asTyped)
    {
        if (!HasDigit(input)) return null;
        var tokens = input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var codes = tokens.Where(t => !IsMinus(t[0]) && HasSkuShape(SkuCode(t))).ToList();
        if (codes.Count == 0 || codes.Count == tokens.Length) return null;
        return ([.. codes.Select(SkuCode).Distinct(StringComparer.OrdinalIgnoreCase)], Parse(string.Join(' ', tokens.Where(t => !codes.Contains(t))), asTyped));
    }

    // "NOT" before a word as a minus on it: "laptop NOT business" is "laptop -business".
    private static string WithNotAsMinus(string input)
    {
        var tokens = input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var written = new List<string>(tokens.Length);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] != "NOT") written.Add(tokens[i]);
            else if (i + 1 < tokens.Length && tokens[i + 1] != "NOT") written.Add("-" + tokens[++i].TrimStart('-'));
            // "NOT NOT business" is one NOT, and a NOT last leaves out nothing: each was a required word "not" (reviews).
            else if (i + 1 == tokens.Length && written.Count == 0) written.Add(tokens[i]);
        }
        return string.Join(' ', written);
    }

    // Every search is parsed, cache hits too: words without a digit hold no code.
    private static bool HasDigit(string input) => input.Any(char.IsAsciiDigit) || input.Any(c => c is >= '\uFF10' and <= '\uFF19');

    /// <summary>
    /// Codes shaped like SKUs with a minus before them, beside words ("laptop -EL-00001794"): the input without them,
    /// and each code. Null when there is none, or nothing else to search for.
    /// </summary>
    private static (string Others, List<string> Codes)? ExcludedCodes(string? input)
    {
        if (input is null || input.Length > MaxInputLength || !HasDigit(input)) return null;
        List<string>? codes = null;
        var rest = new List<string>();
        foreach (var token in input.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var signs = 0;
            while (signs < token.Length && IsMinus(token[signs])) signs++;
            var unsigned = token[signs..];
            if (unsigned.Length < token.Length && SkuCode(unsigned) is var code && HasSkuShape(code))
            {
                (codes ??= []).Add(code);
                // Without its dash ("-EL00001794", "-rtx4090") it is a word left out too, as it was, and shown as one.
                if (!IsWrittenAsSku(code)) rest.Add(token);
            }
            else rest.Add(token);
        }
        if (codes is null || rest.Count == 0) return null;
        // "laptop EL-00001794 -EL-00001794" is the laptops without it: the code asked for as well goes, while words remain
        // (it was no laptop at all; a third review).
        var others = rest.Where(t => !codes.Contains(SkuCode(t), StringComparer.OrdinalIgnoreCase)).ToList();
        return (string.Join(' ', others.Count > 0 ? others : rest), codes);
    }

    // A code with its dash ("EL-00001794"), not one a word could be ("rtx4090").
    private static bool IsWrittenAsSku(string code) => code.IndexOfAny(['-', '_', '.']) > 0;

    /// <summary>
    /// Codes shaped like SKUs that the shopper left out ("laptop -EL-00001794"), as typed: the products with them are
    /// not in the answer (<see cref="ProductSearch"/>), whatever else it matches. <see cref="Normalized"/> keeps them.
    /// </summary>
    public IReadOnlyList<string> ExcludedSkus { get; }

    /// <summary>The ways of writing a code of <see cref="ExcludedSkus"/>, as <see cref="SkuCandidates"/> are.</summary>
    public static IReadOnlyList<string> WaysOfWriting(string code) => Skus(code);

    /// <summary>
    /// The codes shaped like SKUs among other words ("laptop EL-99999999"), and the search of the other words: what is
    /// searched when no product has any of them (<see cref="CodesBesideWords"/>). Null otherwise.
    /// </summary>
    public (IReadOnlyList<string> Codes, SearchText Others)? SkuBeside { get; private init; }

    /// <summary>The input has a currency sign ("$1000"): its numbers are prices, never regrouped (<see cref="Spelling.Grouped"/>).</summary>
    public bool Priced { get; private init; }

    private static List<string> Skus(string input)
    {
        var code = SkuCode(input);
        // "-EL-00001794" is that product left out: it went straight to it (a review, session 38).
        if (code.Length is 0 or > 40 || IsMinus(code[0]) || !code.Any(char.IsAsciiDigit)) return [];
        var parts = code.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 2 || parts.Any(p => !p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))) return [];
        var dashed = string.Join('-', parts);
        var candidates = new List<string> { dashed, string.Concat(parts) };
        // "EL00007095": letters then digits, which the store's own SKUs separate with a dash.
        var compact = string.Concat(parts).Replace("-", "", StringComparison.Ordinal);
        var letters = compact.TakeWhile(char.IsAsciiLetter).Count();
        if (letters > 0 && letters < compact.Length && compact[letters..].All(char.IsAsciiDigit)) candidates.Add($"{compact[..letters]}-{compact[letters..]}");
        return [.. candidates.SelectMany(c => new[] { c, c.ToUpperInvariant(), c.ToLowerInvariant() }).Where(c => c.Length <= 32).Distinct()];
    }

    /// <summary>
    /// True when the last word may still be half-typed but is long enough to be a whole word ("watch", not "wa"). FTS5
    /// answers a prefix beyond the 2-3 letters its prefix index covers by merging the doclists of every matching term,
    /// several times the work of the word as typed, so such a word is first tried as typed, and as a prefix only when
    /// that finds nothing.
    /// </summary>
    public bool TryWholeWordFirst => _lastWordOpen && Words.Count > 0 && Words[^1].Length >= 4;

    /// <summary>The FTS5 MATCH expression for a mode, or null when there is nothing to match.</summary>
    public string? Match(MatchMode mode, bool nameOnly = false)
    {
        if (IsEmpty) return null;
        var terms = Terms(mode);
        var joined = string.Join(mode is MatchMode.AllWords or MatchMode.AllWordsExact ? " AND " : " OR ", terms);
        var expression = nameOnly ? $"{{Name}} : ({joined})" : $"({joined})";
        foreach (var e in Excluded) expression += " NOT " + Written(e);
        return expression;
    }

    /// <summary>
    /// One MATCH expression per word or phrase that counts (as <see cref="Match"/> would use it in this mode, with the
    /// exclusions): a relaxed search ranks products by how many of these each matches.
    /// </summary>
    public IReadOnlyList<string> TermMatches(MatchMode mode)
    {
        if (IsEmpty) return [];
        var exclusions = string.Concat(Excluded.Select(e => " NOT " + Written(e)));
        // Relaxed, either part of a decimal matches only the whole number: "blender 1.5 l" opened with 1 L glass
        // cleaners, which have two of its four words ("1" and "l") where a blender has one (left as found in session 52).
        var terms = QueryTerms(mode);
        return [.. Terms(mode).Select((t, i) => Decimals.Count > 0 && !terms[i].IsPhrase && DecimalOf(terms[i].Text) is { } number
            ? $"({Quote(number)}{(terms[i].Prefix && number.EndsWith(" " + terms[i].Text, StringComparison.Ordinal) ? "*" : "")}){exclusions}"
            : $"({t}){exclusions}")];
    }

    private string? DecimalOf(string word) =>
        Decimals.FirstOrDefault(d => d.Split(' ') is [var whole, var part] && (whole == word || part == word));

    private List<string> Terms(MatchMode mode) => [.. QueryTerms(mode).Select(t => t.Others is { } others
        ? Group(t.Text, others)
        : Quote(t.Text) + (t.Prefix ? "*" : ""))];

    // An excluded word leaves out its other number too: "-laptops" leaves out what says "laptop".
    private string Written(string excluded) => OtherNumbers?.GetValueOrDefault(excluded) is { } others ? Group(excluded, others)
        : Quote(ExcludedApart?.GetValueOrDefault(excluded) ?? excluded);

    private static string Group(string word, string[] others) => $"({string.Join(" OR ", others.Prepend(word).Select(Quote))})";

    /// <summary>
    /// The words and phrases a mode requires (or, relaxed, accepts), in the order <see cref="Match"/> writes them:
    /// common words left out unless they are all there is, the open last word as a prefix.
    /// </summary>
    /// <param name="ranking">Give a prefix its word's other numbers too: the index needs none (the prefix reaches
    /// "beds" from "bed"), but <see cref="FieldRanking"/> ranks "beds" above "bedtime".</param>
    public IReadOnlyList<QueryTerm> QueryTerms(MatchMode mode, bool ranking = false)
    {
        var terms = new List<QueryTerm>();
        var significant = Words.Where(w => !s_stopWords.Contains(w)).Count() + Phrases.Count > 0;
        for (var w = 0; w < Words.Count; w++)
        {
            var last = w == Words.Count - 1;
            if (significant && s_stopWords.Contains(Words[w]) && !(last && _lastWordOpen)) continue;
            // Relaxed, a whole English word is not loosened into a prefix: no longer held back by the other words, "brush"
            // matched brushed-cotton sheets and brushless drills for "tooth brush", "coat" powder-coated lamps for "rain
            // coat", "foot" a coffee maker's footprint (a review, session 37). A word still being typed is ("headphon").
            var start = Starts.Contains(Words[w]);
            var prefix = mode switch
            {
                // ... nor a finished word of two or three letters ("pen holder" relaxed to pendant lights; a third review).
                MatchMode.AnyPrefix => start || (Words[w].Length >= 2 && !_quoted.Contains(Words[w]) && !EnglishWords.Contains(Words[w])
                    && (Words[w].Length >= 4 || (last && _lastWordOpen))),
                MatchMode.AllWordsExact or MatchMode.AnyWordExact => false,
                MatchMode.AnyWord => start || (last && _lastWordOpen && !EnglishWords.Contains(Words[w])),
                _ => start || (last && _lastWordOpen),
            };
            terms.Add(new QueryTerm(Words[w], prefix, false, prefix && !ranking ? null : OtherNumbers?.GetValueOrDefault(Words[w])));
        }
        terms.AddRange(Phrases.Select(p => new QueryTerm(p, false, true)));
        return terms;
    }

    /// <summary>
    /// Composed form (so "é" is one letter, as the index saw it), full-width letters and digits as plain ones (only
    /// those: NFKC would also turn "m²" into "m2", which the index does not hold), without lone surrogates, control characters or
    /// noncharacters. .NET's normalization on Linux throws ArgumentException on U+FFFE as it does on a lone surrogate
    /// (an outside review's fuzzing found <c>q=%EF%BF%BE</c> a 500 on every search endpoint), and no product text holds
    /// a noncharacter, so they all become spaces, as control characters do.
    /// </summary>
    private static string Clean(string input)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                var pair = char.ConvertToUtf32(c, input[++i]);
                if (IsNoncharacter(pair)) sb.Append(' ');
                else sb.Append(c).Append(input[i]);
            }
            else if (c is >= '\uFF01' and <= '\uFF5E')
            {
                sb.Append((char)(c - 0xFEE0));   // full-width ASCII, as a Japanese or Chinese keyboard types it: "ｌａｍｐ" is "lamp"
            }
            else if (c is '\u3000' or '\u200B')
            {
                sb.Append(' ');                  // the ideographic space those keyboards put between words; a zero-width space, pasted, is a break too
            }
            else if (c is >= '\uFB00' and <= '\uFB06')
            {
                sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));   // "ﬁ" ligatures from a PDF: "ﬁlter" is "filter"
            }
            else if (c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DecimalDigitNumber)
            {
                sb.Append((char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)));   // "١٦" (Arabic-Indic), "१६" (Devanagari): "16"
            }
            else if (c is '\u00D7' or '\u2715')
            {
                sb.Append(" x ");                // the multiplication sign of a size, "70 × 70" as "70 x 70" (an outside review, session 43)
            }
            else if (IsDash(c))
            {
                sb.Append('-');                  // dashes and the minus sign: "lamp —desk" (a phone turns "--" into "—"), "EL–00007095" from a PDF
            }
            else if (!char.IsSurrogate(c))
            {
                sb.Append(char.IsControl(c) || IsNoncharacter(c) ? ' ' : c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private const string Inch = "inch";

    // A number with a decimal point, on its own ("1.5", "0.75", not "v1.5", "1.2.3" or "1.500.000"), or a decimal comma
    // before one or two digits, as much of Europe writes it ("1,7 l"; three digits are a thousands group: "1,500").
    private static readonly Regex s_decimal = new(@"(?<![\p{L}\p{N}.,])[0-9]{1,6}(?:\.[0-9]{1,6}|,[0-9]{1,2})(?![0-9]|[.,][0-9])", RegexOptions.CultureInvariant, PatternTimeout);

    private static readonly Regex s_decimalInches = new(@"(?<![\p{L}\p{N}.,])([0-9]{1,3}\.[0-9]{1,2})(?:in|inch|inches)(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeout);

    // A quote mark after a number of its own ("55", "15.6", not the end of "EL-00001794") and before no letter or digit.
    private static bool IsInchMark(string text, int i)
    {
        if (i == 0 || !char.IsAsciiDigit(text[i - 1]) || (i + 1 < text.Length && IsWordChar(text, i + 1))) return false;
        var start = i - 1;
        while (start > 0 && (char.IsAsciiDigit(text[start - 1]) || text[start - 1] == '.')) start--;
        return i - start <= 6 && (start == 0 || char.IsWhiteSpace(text[start - 1]));
    }

    // Hyphens and dashes (U+2010-U+2015) and the minus sign, each read as the ASCII hyphen-minus.
    private static bool IsDash(char c) => c is >= '\u2010' and <= '\u2015' or '\u2212';

    // What starts a word left out: the hyphen-minus or any dash a phone or a PDF puts for it.
    private static bool IsMinus(char c) => c == '-' || IsDash(c);

    // U+FDD0-U+FDEF, and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE ...).
    internal static bool IsNoncharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string> Tokens(string text)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (IsWordChar(text, i))
            {
                if (char.IsSurrogatePair(text, i)) { i++; continue; }
                if (sb.Length < MaxWordLength) sb.Append(char.ToLowerInvariant(text[i]));
            }
            else if (IsJoiner(text, i))
            {
                continue;
            }
            else if (sb.Length > 0)
            {
                yield return sb.ToString();
                sb.Clear();
            }
        }
        if (sb.Length > 0) yield return sb.ToString();
    }

    private static bool IsWordChar(string text, int i) => i < text.Length && char.IsLetterOrDigit(text[i]);

    // Invisible formatting (right-to-left marks, zero-width joiners) neither starts nor breaks a word.
    private static bool IsJoiner(string text, int i) => i < text.Length && CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.Format;
}

/// <summary>
/// One word (perhaps as a prefix) or quoted phrase of a search, as it is matched; <see cref="Others"/> are a word's
/// other numbers that it also matches ("laptops" for "laptop").
/// </summary>
public readonly record struct QueryTerm(string Text, bool Prefix, bool IsPhrase, string[]? Others = null);
