using System.Globalization;
using System.Text;

namespace WebApp.Search;

/// <summary>
/// Which words of a search to correct, and to what. The rules a shopper can rely on:
/// <list type="bullet">
/// <item>A word the catalogue uses is never corrected, nor a word with a digit (sizes, model numbers, SKUs), nor a
/// common word, nor a quoted word or phrase, nor an excluded word. The one change to a word with digits: a number
/// glued to a unit of two to five letters ("16gb") that the catalogue never writes glued becomes the phrase "16 gb"
/// when it writes both halves; "5g" or "h829", which it does write, stay whole.</item>
/// <item>Words of three letters or fewer are never edited ("usb", "tv", "mug" are a letter away from a dozen
/// others); only two letters side by side swapped back ("mta" -> "mat"). A plural the catalogue writes only in the singular, or the other way round, becomes the catalogue's word
/// ("dresses" -> "dress"). Otherwise four to seven letters take one edit, eight or more two, and the first letter stays
/// (or swaps with the second): fewer edits win, then the word more products hold.</item>
/// <item>The last word, still being typed, is left alone while it starts some catalogue word ("lapt" is on its way to
/// "laptop"). When it starts none, it is corrected as a whole word first ("laptp" -> "laptop"), then, from five
/// letters, as the start of a word with one edit ("headphn" -> "headphones").</item>
/// </list>
/// </summary>
public static class Spelling
{
    /// <summary>The search with its misspelled words corrected, or null when no word needs (or has) a correction.</summary>
    public static SearchText? Correct(SearchText text, Vocabulary vocabulary) =>
        Choose(text, vocabulary) is { } choice ? AsTypedOrder(With(text, choice.Chosen, choice.Open, choice.Starts), text, choice.Words, choice.Chosen) : null;

    // A correction of a search with a word typed twice keeps the order typed, each word corrected: "lapotp 16 inch 16 gb"
    // was "laptop gb 16 inch", one pair lost (a second outside review, session 43). Only when each word stays one word.
    private static SearchText AsTypedOrder(SearchText corrected, SearchText text, List<string> words, List<string> chosen)
    {
        if (text.Sequence is not { } typed || !words.SequenceEqual(text.Words) || chosen.Any(c => c.Contains(' ', StringComparison.Ordinal) || c.Contains(SplitMark, StringComparison.Ordinal))) return corrected;
        var meant = words.Zip(chosen).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return typed.All(meant.ContainsKey) ? corrected.WithSequence([.. typed.Select(w => meant[w])]) : corrected;
    }

    /// <summary>The words as the shopper meant them (a space put back), whether the last is open, the starts, and each
    /// word's choice; null when nothing changes.</summary>
    private sealed record Choice(List<string> Words, bool Open, HashSet<string> Starts, List<string> Chosen);

    private static Choice? Choose(SearchText text, Vocabulary vocabulary)
    {
        if (text.AsTyped || vocabulary.Count == 0) return null;
        var words = Shifted(text, vocabulary);
        var open = text.LastWordOpen || Reopens(text, words, vocabulary);
        var starts = Starts(text, words, vocabulary);
        var chosen = new List<string>(words.Count);
        var changed = !words.SequenceEqual(text.Words) || open != text.LastWordOpen || starts.Count > 0;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var last = i == words.Count - 1;
            // Digits after a number are its decimals or thousands ("0.5l" is "0" and "5l"): "5l" is no "5 l" (a review, session 41).
            var afterNumber = i > 0 && word.Length > 0 && char.IsAsciiDigit(word[0]) && words[i - 1].All(char.IsAsciiDigit);
            var corrected = text.IsQuoted(word) || afterNumber ? word : CorrectWord(word, (last && open) || starts.Contains(word), vocabulary, alone: words.Count == 1) ?? word;
            // A word's other number is matched anyway ("kitten tyo" said "kittens toy"), and a word left out is never
            // the correction ("yoga mta -mat" became "yoga mat -mat"; a review, session 38).
            if (corrected != word && (OtherNumbers(word, vocabulary).Contains(corrected) || text.Excluded.Contains(corrected))) corrected = word;
            changed |= corrected != word;
            chosen.Add(corrected);
        }
        return changed ? new Choice(words, open, starts, chosen) : null;
    }

    /// <summary>
    /// The words before the last that the catalogue lacks but that start some of its words, of four letters or more and
    /// no English word: the start of a brand or a word typed before the next ("zenw laptop", "mapl laptop", "lapt bag"),
    /// matched as a prefix (<see cref="SearchText.Starts"/>) rather than edited into another word ("maps") or relaxed
    /// away (a review, session 37). A word is a word: read as a start, "pure water" showed Puretek phones, "door mat"
    /// video doorbells, "art print" artisan honey and "pea coat" Peakvik lamps (a third review). The last word has its
    /// own rule (<see cref="Reopens"/>).
    /// </summary>
    private static HashSet<string> Starts(SearchText text, List<string> words, Vocabulary vocabulary)
    {
        var starts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count - 1; i++)
        {
            var word = words[i];
            if (word.Length >= 4 && word.All(char.IsAsciiLetter) && !text.IsQuoted(word) && !EnglishWords.Contains(word)
                && !vocabulary.Contains(word) && vocabulary.HasWordStartingWith(word))
            {
                starts.Add(word);
            }
        }
        return starts;
    }

    /// <summary>
    /// Whether the last word, finished with a space, is still the start of a word: not a catalogue word itself but the
    /// start of some. A phone's keyboard adds the space after a suggestion, and "black backp " was corrected to "black
    /// back" (office chairs) where "black backp" shows the black backpacks; "lapt " became "last" (two outside reviews).
    /// The search then reads it as a prefix, as without the space, and says nothing: the words are the ones typed.
    /// </summary>
    private static bool Reopens(SearchText text, List<string> words, Vocabulary vocabulary)
    {
        if (words.Count == 0 || text.LastWordOpen) return false;
        var word = WithoutDiacritics(words[^1]);
        return word.Length >= 2 && !text.IsQuoted(words[^1]) && !word.Any(char.IsDigit) && !vocabulary.Contains(word) && vocabulary.HasWordStartingWith(word);
    }

    /// <summary>
    /// The words with a space typed one letter off put back: "deskl amp" and "des klamp" are "desk lamp" (an outside
    /// review: "deskl amp" was corrected to "desks amp" and showed desks). Only where both words then are catalogue
    /// words and one of them was not.
    /// </summary>
    private static List<string> Shifted(SearchText text, Vocabulary vocabulary)
    {
        var words = text.Words.ToList();
        for (var i = 0; i + 1 < words.Count; i++)
        {
            var (a, b) = (words[i], words[i + 1]);
            if (text.IsQuoted(a) || text.IsQuoted(b) || Known(a) && Known(b)) continue;
            if (a.Length >= 4 && Known(a[..^1]) && Known(a[^1] + b)) (words[i], words[i + 1]) = (a[..^1], a[^1] + b);
            else if (b.Length >= 4 && Known(a + b[0]) && Known(b[1..])) (words[i], words[i + 1]) = (a + b[0], b[1..]);
        }
        return words;

        bool Known(string word) => word.Length >= 3 && !SearchText.IsCommonWord(word) && vocabulary.Contains(word);
    }

    /// <summary>
    /// The search with each word replaced by its choice: a split number and unit ("16 gb") is a phrase, so "16gb" finds
    /// "16 GB" and not a 16-inch laptop with 8 GB; the last word stays open only if it is still a word.
    /// </summary>
    private static SearchText With(SearchText text, List<string> chosen, bool open, IReadOnlyCollection<string> starts, bool sideBySide = true)
    {
        var words = new List<string>(chosen.Count);
        var phrases = new List<string>();
        var together = new List<string>();
        foreach (var choice in chosen)
        {
            if (choice.Contains(SplitMark, StringComparison.Ordinal))
            {
                // Two words typed as one: words of their own, in place, so "smartwatch" relaxes as "smart watch" does;
                // and side by side, as the phrase, while all words must match: as words alone "carpet" found the dog
                // beds for car and pet (an outside review).
                var parts = choice.Split(SplitMark);
                foreach (var part in parts) if (!words.Contains(part)) words.Add(part);
                if (!sideBySide) continue;
                phrases.Add(string.Join(' ', parts));
                together.Add(string.Join(' ', parts));
                continue;
            }
            var list = choice.Contains(' ', StringComparison.Ordinal) ? phrases : words;
            if (!list.Contains(choice)) list.Add(choice);
        }
        return text.WithWords(words, phrases, open && chosen.Count > 0 && chosen[^1].All(char.IsLetterOrDigit), together).WithStarts(starts);
    }

    /// <summary>
    /// The best correction first, then a few others that each swap one corrected word for its next-best candidate, for
    /// the search to keep the first whose words all match together ("garden bnch": "garden bench" finds what the
    /// commoner "garden inch" does not). Empty when nothing needs correcting.
    /// </summary>
    public static IReadOnlyList<SearchText> Corrections(SearchText text, Vocabulary vocabulary, int perWord = 3)
    {
        if (Choose(text, vocabulary) is not (var words, var open, var starts, var primary)) return [];
        var others = new List<IReadOnlyList<string>>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var chosen = primary[i];
            var plain = WithoutDiacritics(word);
            // A real word is never edited (CorrectWord): only its split is tried.
            others.Add(chosen == word || EnglishWords.Contains(plain)
                ? []
                : [.. vocabulary.Nearest(plain, plain.Length >= 8 ? 2 : 1, perWord).Select(c => c.Word).Where(c => c != chosen && Plausible(plain, c))]);
        }
        var result = new List<SearchText> { AsTypedOrder(With(text, primary, open, starts), text, words, primary) };
        // A run-together word that is no real word, whose halves never stand side by side, as the two words anywhere
        // before other guesses: "laptopbag" relaxed to 789 products where "laptop bag" finds 81 with both (a review,
        // session 37). Not a real word: "carpet" is not the dog beds for a car and a pet.
        if (primary.Where((c, i) => c.Contains(SplitMark, StringComparison.Ordinal) && !EnglishWords.Contains(WithoutDiacritics(words[i]))).Any())
        {
            result.Add(With(text, primary, open, starts, sideBySide: false));
        }
        for (var i = 0; i < others.Count; i++)
        {
            foreach (var other in others[i])
            {
                var choice = new List<string>(primary) { [i] = other };
                result.Add(AsTypedOrder(With(text, choice, open, starts), text, words, choice));
            }
        }
        return result;
    }

    private static string? CorrectWord(string typed, bool open, Vocabulary vocabulary, bool alone = false)
    {
        // The index holds words without their accents ("café" is "cafe"), as the tokenizer also reads a query.
        var word = WithoutDiacritics(typed);
        if ((UnitSplit(word, vocabulary) ?? Dimensions(word, vocabulary)) is { } split) return split;
        if (word.Length == 3 && !alone && Swapped(word, open, vocabulary) is { } swapped) return swapped;
        if (word.Length <= 3 || SearchText.IsCommonWord(word) || word.Any(char.IsDigit) || vocabulary.Contains(word)) return null;
        if (open && vocabulary.HasWordStartingWith(word)) return null;

        // The catalogue's own singular or plural of the word before any guess by edits: "dresses" is two edits from
        // "dress", past what five letters may take, and found nothing; "brushes" took the nearer "brushed".
        if (Inflected(word, vocabulary) is { } inflected) return inflected;

        // A real word the catalogue lacks is not a slip (EnglishWords): no edit and no completion, only the two words
        // it may be typed as one ("smartwatch") and the catalogue's spelling of it ("gray" is "grey", "color" "colour").
        // A real word with an s put on is a plural written as it sounds ("brushs", "dishs"): a real word too, where as a
        // typo it was "brushed" (brushed-cotton sheets) and "dishwasher" (a review, session 37). Its other numbers find
        // what the catalogue has of it (OtherNumbers: "brushes", "brush").
        var real = EnglishWords.Contains(word) || (word.EndsWith('s') && EnglishWords.Contains(word[..^1]));
        if (real && OtherSpelling(word, vocabulary) is { } spelled) return spelled;
        // A unit's other name is no typo to edit: "juice 1 litre" was "corrected" to "1 lite" (Lite smartphones; a
        // review, session 41).
        if (s_unitNames.ContainsKey(word)) return null;

        // Two edits only for long words: in six letters two changes reach unrelated words ("hiking" -> "lining").
        var maxEdits = word.Length >= 8 ? 2 : 1;
        var whole = real ? default : vocabulary.Nearest(word, maxEdits, 8).FirstOrDefault(c => Plausible(word, c.Word));
        // A slip of a real word the catalogue lacks is that word, not a catalogue word two edits away, nor two words
        // it never meant, nor one it was becoming: "compuetr" became "commuter" (bike lights), "mattreds" "matt red"
        // (floor lamps) and, sent while typed, "candel" "cancellation" and "towle" "toilette" (two outside reviews,
        // session 47). It finds what the word does: the catalogue's other number of it, or nothing, as "computer" does.
        var meant = real || whole.Edits == 1 ? null : RealWordOneEditAway(word);
        // Two words typed as one before an edit, unless the edit's word is the commoner: "tshirt" has no plausible
        // edit, where a typo's halves are rarer than the word it was, and trying their phrase first cost every typo a
        // lookup (the bench's typos, p95 3.2 -> 4.9 ms). From eight letters, not halves of another word than the real
        // one meant; a shorter word is one slip from some English word by chance ("popla": "poplar"), and split.
        if (Split(word, vocabulary, asTyped: real) is var (apart, documents) && (whole.Word is null || documents >= vocabulary.Documents(whole.Word))
            && (meant is null || word.Length < 8 || IsSpelledBy(apart, meant))) return apart;
        if (real) return null;
        if (whole is { Word: not null, Edits: 1 }) return whole.Word;
        // A plural with a slip in it, where the catalogue writes the singular: "shitrs", "kettels", "lmaps" found
        // nothing (no one edit reaches a word the catalogue holds), and "speakres" took the two-edit "sneakers"
        // (session 47's review). The slip is mended in the singular, which finds the plural as the word typed right does.
        if (SlipInPlural(word, vocabulary) is { } singular) return singular;
        if (meant is not null) return Inflected(meant, vocabulary);
        if (open && word.Length >= 5 && vocabulary.NearestCompletion(word) is { } completion && Plausible(word, completion)) return completion;
        return whole.Word;
    }

    /// <summary>
    /// The catalogue word one edit (two from eight letters) from <paramref name="word"/> without its plural ending
    /// ("shitrs": "shirt", "speakres": "speaker", "stroies": "story"), keeping its start; null when the word is no plural
    /// or none is that near.
    /// </summary>
    private static string? SlipInPlural(string word, Vocabulary vocabulary)
    {
        if (word.Length < 5 || !word.EndsWith('s') || s_notPlurals.Contains(word)) return null;
        // "stroies" is "story": -ies as -y too (a second review, session 47).
        string[] stems = word.EndsWith("ies", StringComparison.Ordinal) ? [word[..^1], word[..^3] + "y", word[..^2]]
            : word.EndsWith("es", StringComparison.Ordinal) ? [word[..^1], word[..^2]]
            : [word[..^1]];
        foreach (var stem in stems)
        {
            if (stem.Length < 4) continue;
            // Two slips in a long stem, as in a long word ("chtonograhps": "chronograph").
            if (vocabulary.Nearest(stem, stem.Length >= 8 ? 2 : 1, 8).FirstOrDefault(c => Plausible(stem, c.Word)) is { Word: { } found }) return found;
        }
        return null;
    }

    /// <summary>Whether a split's two words (<see cref="SplitMark"/> between) are <paramref name="word"/>'s letters, in either number.</summary>
    private static bool IsSpelledBy(string split, string word) =>
        split.Replace(SplitMark.ToString(), "", StringComparison.Ordinal) is var joined && (joined == word || joined + "s" == word || joined == word + "s");

    /// <summary>
    /// An English word one edit from <paramref name="word"/> (a letter left out, added, changed, or two side by side
    /// swapped) that keeps its start, or null. About 450 lookups in the packed list for an eight-letter word, asked
    /// only when no catalogue word is one edit away.
    /// </summary>
    internal static string? RealWordOneEditAway(string word)
    {
        if (word.Length < 5 || !word.All(char.IsAsciiLetterLower)) return null;
        var buffer = new char[word.Length + 1];
        // Only a word found becomes a string: each of the ~450 variants did.
        string? Found(ReadOnlySpan<char> candidate) =>
            candidate.Length >= 4 && KeepsItsStart(word, candidate) && EnglishWords.Contains(candidate) ? new string(candidate) : null;
        for (var i = 0; i < word.Length; i++)
        {
            // Swapped with the next, left out, changed.
            if (i + 1 < word.Length && word[i] != word[i + 1])
            {
                word.CopyTo(buffer);
                (buffer[i], buffer[i + 1]) = (word[i + 1], word[i]);
                if (Found(buffer.AsSpan(0, word.Length)) is { } swapped) return swapped;
            }
            if (Found(string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1))) is { } shorter) return shorter;
            word.CopyTo(buffer);
            for (var c = 'a'; c <= 'z'; c++)
            {
                if (c == word[i]) continue;
                buffer[i] = c;
                if (Found(buffer.AsSpan(0, word.Length)) is { } changed) return changed;
            }
        }
        for (var i = 0; i <= word.Length; i++)
        {
            word.AsSpan(0, i).CopyTo(buffer);
            word.AsSpan(i).CopyTo(buffer.AsSpan(i + 1));
            for (var c = 'a'; c <= 'z'; c++)
            {
                buffer[i] = c;
                if (Found(buffer.AsSpan(0, word.Length + 1)) is { } longer) return longer;
            }
        }
        return null;
    }

    /// <summary>
    /// The catalogue's spelling of a word spelled the other side of the Atlantic: "gray" grey, "color" colour,
    /// "moisturizer" moisturiser, "aluminum" aluminium, "center" centre, "tire" tyre (and back, for a catalogue in
    /// American English). A second review found each of these finding nothing once real words were no longer edited.
    /// One change of the usual patterns, or a word of the short list that follows none; the most common form the
    /// catalogue holds, else null.
    /// </summary>
    internal static string? OtherSpelling(string word, Vocabulary vocabulary)
    {
        string? best = null;
        foreach (var variant in Spellings(word))
        {
            if (variant != word && vocabulary.Documents(variant) > (best is null ? 0 : vocabulary.Documents(best))) best = variant;
        }
        return best;
    }

    private static readonly (string American, string British)[] s_spellingPatterns =
    [
        ("z", "s"), ("or", "our"), ("er", "re"), ("og", "ogue"), ("ense", "ence"), ("um", "ium"), ("el", "ell"), ("ol", "oul"), ("pedi", "paedi"),
    ];

    private static readonly Dictionary<string, string> s_spellingPairs = new(StringComparer.Ordinal)
    {
        ["gray"] = "grey", ["tire"] = "tyre", ["tires"] = "tyres", ["pajamas"] = "pyjamas", ["plow"] = "plough", ["jewelry"] = "jewellery",
        ["curb"] = "kerb", ["program"] = "programme", ["donut"] = "doughnut", ["whiskey"] = "whisky", ["artifact"] = "artefact",
        ["draft"] = "draught", ["gauge"] = "gage", ["sulfur"] = "sulphur", ["skeptic"] = "sceptic", ["ax"] = "axe",
    };

    private static IEnumerable<string> Spellings(string word)
    {
        if (s_spellingPairs.TryGetValue(word, out var british)) yield return british;
        foreach (var (american, other) in s_spellingPairs) if (other == word) yield return american;
        foreach (var (american, other) in s_spellingPatterns)
        {
            foreach (var (from, to) in new[] { (american, other), (other, american) })
            {
                // Each place the pattern stands, one at a time, never at the word's start ("zinc" is not "sinc").
                for (var at = word.IndexOf(from, 1, StringComparison.Ordinal); at > 0; at = at + 1 < word.Length ? word.IndexOf(from, at + 1, StringComparison.Ordinal) : -1)
                {
                    yield return string.Concat(word.AsSpan(0, at), to, word.AsSpan(at + from.Length));
                }
            }
        }
    }

    /// <summary>
    /// Two catalogue words typed as one, where the catalogue writes them apart or hyphenated ("wifi" for "Wi-Fi",
    /// "tshirt" for "T-Shirt", which the index holds as two words each): the two words (with <see cref="SplitMark"/>
    /// between), split where both halves are commonest, the second in the catalogue's number ("lawnmowers"). Halves of two letters or more, but a first of one letter for t and x (t-shirt,
    /// x-ray); the search tries it like any correction, so a split whose words never stand together gives way to the
    /// next guess. A word still being typed gets here only when no catalogue word starts with it.
    /// </summary>
    internal static string? Joined(string word, Vocabulary vocabulary) => Split(word, vocabulary)?.Words;

    /// <summary><see cref="Joined"/>'s split, with how many products hold the rarer of its two words; with
    /// <paramref name="asTyped"/>, only halves the catalogue holds as typed: a real word split is still that word
    /// ("smartwatch"), but "sunglasses" as "sun glass" showed glass cleaner (an outside review).</summary>
    private static (string Words, int Documents)? Split(string word, Vocabulary vocabulary, bool asTyped = false)
    {
        if (word.Length < 4 || !word.All(char.IsAsciiLetter)) return null;
        string? best = null;
        var bestDocuments = 0;
        for (var at = 1; at <= word.Length - 2; at++)
        {
            if (at == 1 && word[0] is not ('t' or 'x')) continue;
            var (first, second) = (word[..at], word[at..]);
            // "lawnmowers": the catalogue writes "lawn mower".
            if (!asTyped && vocabulary.Documents(second) == 0 && second.Length >= 3 && Inflected(second, vocabulary) is { } other) second = other;
            var documents = Math.Min(vocabulary.Documents(first), vocabulary.Documents(second));
            if (documents > bestDocuments) (best, bestDocuments) = (first + SplitMark + second, documents);
        }
        return best is null ? null : (best, bestDocuments);
    }

    /// <summary>
    /// Whether <paramref name="correction"/> splits a real word of <paramref name="typed"/> into two ("bookcase": "book
    /// case"). Its halves are other things: where they never stand together, relaxing to either showed phone cases and
    /// books for a bookcase, dog beds for a carpet (car, pet). The search says it has no bookcase instead.
    /// </summary>
    public static bool SplitsARealWord(SearchText typed, SearchText correction) =>
        correction.Phrases.Any(p => p.Contains(' ', StringComparison.Ordinal) && p.Replace(" ", "", StringComparison.Ordinal) is var whole
            && typed.Words.Contains(whole) && EnglishWords.Contains(whole));

    /// <summary>
    /// Whether <paramref name="correction"/> splits a number from a word longer than a unit ("250pieces": "250 pieces").
    /// Relaxed, the phrase outranked the other words: "jigsaw 250pieces" (no such jigsaw) opened with 250-piece marble
    /// runs where relaxed as typed it opens with jigsaws (a second review, session 40). A unit's split still relaxes:
    /// "phone 128gb" leads with the 128 GB smartphones, whose names never say "phone" (a third review), and "drill 18v
    /// cordless" with the 18 V drills, where relaxed as typed the "18v" counted for nothing (a review, session 41). A
    /// one-letter unit beside a single word does not: relaxed, "lamp "60 w"" has no head word to rank by, and the
    /// rarer phrase would lead with whatever else is 60 W. Nor an inch: "tv 16in" (no TV is 16 inches) led with the
    /// 16-inch laptops (an outside review, session 43).
    /// </summary>
    public static bool SplitsAUnit(SearchText typed, SearchText correction) =>
        correction.Phrases.Any(p => p.Split(' ') is [var number, var unit] && number.All(char.IsAsciiDigit) && unit.All(char.IsAsciiLetter)
            && typed.Words.Any(w => w.StartsWith(number, StringComparison.Ordinal) && w[number.Length..].All(char.IsAsciiLetter)
                && (w.Length - number.Length > 5 || ((w.Length - number.Length == 1 || w[number.Length..] == "in") && correction.HeadWord is null))));

    /// <summary>
    /// Whether the search is two words that together are a real word the catalogue lacks ("book case", "tooth brush",
    /// "rain coat"): the shopper means the one thing, and relaxed to either half the search showed phone cases,
    /// brushed-cotton sheets and rain jackets (a review, session 37). The catalogue's own joined word is glued instead
    /// (<see cref="Glued"/>).
    /// </summary>
    public static bool JoinsARealWord(SearchText text, Vocabulary vocabulary) =>
        text is { Words.Count: 2, Phrases.Count: 0 } && !text.IsQuoted(text.Words[0]) && !text.IsQuoted(text.Words[1])
        && text.Words[0] + text.Words[1] is var joined && EnglishWords.Contains(joined) && !vocabulary.Contains(joined);

    /// <summary>Between the two words of <see cref="Joined"/>'s answer: words of their own, not a phrase.</summary>
    internal const char SplitMark = '+';

    /// <summary>A correction a shopper could have meant: it keeps the word's start (<see cref="KeepsItsStart"/>) and is not a
    /// word too common to search for ("forr" is not "for", which matched every product). A word typed with another
    /// ending ("brushes" for "brushed", "plants" for "planted") is a real word, never edited (<see cref="EnglishWords"/>);
    /// a rule against such pairs here also refused slips at a word's end ("headphons", "capsuls": a second review).</summary>
    private static bool Plausible(string typed, string correction) => KeepsItsStart(typed, correction) && !SearchText.IsCommonWord(correction);

    /// <summary>
    /// Whether a correction starts as the word typed, or with its first two letters swapped ("alptop"). A real word the
    /// catalogue lacks is most often one letter from another at its start ("mouse" -> "house", "mice" -> "rice",
    /// "candle" -> "handle": an outside review's finds), while a typo there is rare: people see the first letter they
    /// type. Such a search finds nothing and says so, rather than showing coffee for a mouse.
    /// </summary>
    internal static bool KeepsItsStart(ReadOnlySpan<char> typed, ReadOnlySpan<char> correction) =>
        typed.Length > 0 && correction.Length > 0 && (typed[0] == correction[0]
            || typed.Length > 1 && correction.Length > 1 && typed[0] == correction[1] && typed[1] == correction[0]);

    /// <summary>
    /// The word as the catalogue writes it in the other number, if it does: a plural it only writes in the singular
    /// ("dresses" dress, "boxes" box, "shoes" shoe, "shelves" shelf, "batteries" battery), or a singular it only writes
    /// in the plural ("sock" socks, "glass" glasses). English's regular endings only; a stem of two letters or fewer is
    /// never tried.
    /// </summary>
    internal static string? Inflected(string word, Vocabulary vocabulary)
    {
        if (s_notPlurals.Contains(word)) return null;
        ReadOnlySpan<(string Ending, string Other)> toSingular = [("ies", "y"), ("ves", "f"), ("ves", "fe"), ("es", ""), ("s", "")];
        foreach (var (ending, other) in toSingular)
        {
            if (word.Length - ending.Length < 3 || !word.EndsWith(ending, StringComparison.Ordinal)) continue;
            var singular = string.Concat(word.AsSpan(0, word.Length - ending.Length), other);
            if (vocabulary.Contains(singular)) return singular;
        }
        string[] plurals = word.EndsWith('y') && word.Length > 3 && !"aeiou".Contains(word[^2]) ? [word[..^1] + "ies"]
            : word.EndsWith('s') || word.EndsWith('x') || word.EndsWith("ch", StringComparison.Ordinal) || word.EndsWith("sh", StringComparison.Ordinal) ? [word + "es"]
            : [word + "s", word + "es"];
        return plurals.FirstOrDefault(vocabulary.Contains);
    }

    /// <summary>
    /// The word's other number wherever the catalogue writes it (none, one or two forms, never the word itself): a
    /// search for "laptop" also finds the products that only say "laptops" (a category's name, mostly), "shelves" those
    /// that say "shelf". Stricter than <see cref="Inflected"/>, which only runs for a word the catalogue lacks: here the
    /// word exists, so an ending that is not a plural must not be taken for one ("glass", "cactus", "analysis" keep their
    /// s; "clothes" is not "cloth"; "news" is not "new").
    /// </summary>
    internal static string[] OtherNumbers(string word, Vocabulary vocabulary)
    {
        // As the index reads it: "laptóp" found the 188 products saying laptop, not the 279 "laptop" finds with laptops
        // (left as found in session 47).
        word = WithoutDiacritics(word);
        if (word.Length < 3 || !word.All(char.IsAsciiLetter) || s_notPlurals.Contains(word)) return [];
        List<string>? found = null;
        void Keep(string form)
        {
            if (form.Length >= 3 && form != word && vocabulary.Contains(form) && !(found ??= []).Contains(form)) found.Add(form);
        }
        if (word.EndsWith("ies", StringComparison.Ordinal)) Keep(word[..^3] + "y");
        // A plural written with a plain s ("batterys", "babys"): the catalogue's "batteries" as well as "battery", whose
        // products only mention one (laptops with a battery led where the batteries are).
        if (word.Length >= 4 && word.EndsWith("ys", StringComparison.Ordinal) && !"aeiou".Contains(word[^3])) Keep(word[..^2] + "ies");
        // Likewise "watchs", "boxs": the catalogue's "watches" as well as "watch" (it found 176 of the 230; a review).
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && SibilantEnd(word.AsSpan(0, word.Length - 1))) Keep(word[..^1] + "es");
        if (word.EndsWith("ves", StringComparison.Ordinal))
        {
            Keep(word[..^3] + "f");
            Keep(word[..^3] + "fe");
        }
        if (word.EndsWith("es", StringComparison.Ordinal) && SibilantEnd(word.AsSpan(0, word.Length - 2))) Keep(word[..^2]);
        if (word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal)) Keep(word[..^1]);
        if (word.EndsWith('y') && !"aeiou".Contains(word[^2])) Keep(word[..^1] + "ies");
        if (word.EndsWith('f')) Keep(word[..^1] + "ves");
        if (word.EndsWith("fe", StringComparison.Ordinal)) Keep(word[..^2] + "ves");
        if (SibilantEnd(word)) Keep(word + "es");
        else if (!word.EndsWith('s')) Keep(word + "s");
        return found is { Count: > 0 } ? [.. found] : [];
    }

    // Words ending in s that are not plurals of a shorter word the catalogue may write ("news" is not "new").
    private static readonly HashSet<string> s_notPlurals = ["news", "series", "species", "lens", "plus", "bonus", "status", "canvas", "atlas", "chassis", "always", "perhaps"];

    /// <summary>
    /// The search with two words typed apart that the catalogue writes as one ("doll house": "dollhouse"; "back packs":
    /// "backpack", in the catalogue's number) glued, the first such pair, with how many products hold the glued word and
    /// the pair as typed (<c>Apart</c>, "doll house"); null when there is none. <see cref="ProductSearch"/> tries it when
    /// the words find nothing together, or fewer products than that, or stand side by side in fewer.
    /// A last word still being typed glues into the word the two begin (<see cref="Vocabulary.Completion"/>; <c>Begun</c>):
    /// "doll ho" is "dollhouse", "back pa" "backpack". The page takes it only when the words as typed find nothing
    /// together ("doll ho" relaxed to 3,370 products, wildflower honey first; session 41): the words apart may be what
    /// is meant ("back pa" may be back pain), and whether they stand side by side cannot be asked of a prefix here.
    /// Two letters at least, as any prefix is asked of the index.
    /// </summary>
    public static (SearchText Text, int Documents, string Apart, bool Begun)? Glued(SearchText text, Vocabulary vocabulary)
    {
        if (text.AsTyped) return null;
        var words = text.Words;
        // "doll ho " with the space a phone's keyboard adds is still being typed, as for corrections (Reopens).
        var open = text.LastWordOpen || Reopens(text, [.. words], vocabulary);
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (text.IsQuoted(words[i]) || text.IsQuoted(words[i + 1]) || SearchText.IsCommonWord(words[i]) || SearchText.IsCommonWord(words[i + 1])) continue;
            var glued = words[i] + words[i + 1];
            if (glued.Length < 5 || !glued.All(char.IsLetter)) continue;
            string? begun = null;
            if (!vocabulary.Contains(glued))
            {
                begun = open && i + 2 == words.Count && words[i + 1].Length >= 2 ? vocabulary.Completion(glued) : null;
                if (Inflected(glued, vocabulary) is { } other) (glued, begun) = (other, null);
                else if (begun is not null) glued = begun;
                else continue;
            }
            var chosen = new List<string>(words) { [i] = glued };
            chosen.RemoveAt(i + 1);
            return (text.WithWords(chosen, [], text.LastWordOpen || begun is not null), vocabulary.Documents(glued), words[i] + " " + words[i + 1], begun is not null);
        }
        return null;
    }

    // Endings whose plural adds "es": box, dress, buzz, bench, brush.
    private static bool SibilantEnd(ReadOnlySpan<char> word) =>
        word.EndsWith("s") || word.EndsWith("x") || word.EndsWith("z") || word.EndsWith("ch") || word.EndsWith("sh");

    /// <summary>
    /// A word left out that no product has, as the words side by side the catalogue writes for it, or null: "-tshirt"
    /// leaves out "t shirt", "-1000" what says "1,000" (a review, session 38), "-2700k" what says "2,700 K" (session
    /// 40), "-16gb" and "-250g" what says "16 GB" and "250 g" (they left out nothing, session 41). The page and the
    /// suggestions leave out the same.
    /// </summary>
    public static string? LeftOutApart(string word, Vocabulary words) =>
        words.Documents(word) == 0 ? Joined(word, words)?.Replace(SplitMark, ' ')
            ?? (words.IsIndexed(word) ? null : (Thousands(word, words) ?? ThousandsAndUnit(word, words))?.Replace(SplitMark, ' ') ?? UnitSplit(word, words) ?? Dimensions(word, words)) : null;

    /// <summary>
    /// "16gb" as "16 gb", "500pieces" as "500 pieces", "250g" as "250 g": digits then one to ten letters, unknown glued,
    /// both halves known (the unit in the catalogue's number: "500piece"). Always a phrase, the two side by side: as two
    /// words, "12v" once suggested vitamins ("12" and any word starting with v). "coffee 250g" and "drill 18v" relaxed
    /// to every coffee and drill where "250 g" and "18 V" find the very ones (session 41).
    /// </summary>
    internal static string? UnitSplit(string word, Vocabulary vocabulary)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits])) digits++;
        var letters = word.Length - digits;
        if (digits == 0 || letters is < 1 or > 10 || !word.Skip(digits).All(char.IsAsciiLetter) || vocabulary.IsIndexed(word)) return null;
        return vocabulary.IsIndexed(word[..digits]) && Unit(word[digits..], vocabulary) is { } unit ? word[..digits] + " " + unit : null;
    }

    // A unit as the catalogue mostly writes it: as typed, or in its other number ("1000piece": "1,000 Pieces", where a
    // description's "piece" stood beside no number; an outside review, session 40), or by its short name ("250gr":
    // "250 g"; a review, session 41).
    private static string? Unit(string unit, Vocabulary vocabulary)
    {
        // "16in", "55in": the inch, never the word "in" ("2-in-1" puts it in the index; "tv 55in" relaxed to any word).
        if (unit == "in") return vocabulary.IsIndexed(Inch) ? Inch : null;
        var typed = vocabulary.IsIndexed(unit) ? unit : null;
        var other = unit.Length >= 3 && Inflected(unit, vocabulary) is { } form && vocabulary.IsIndexed(form) ? form : null;
        return (typed is null || other is not null && vocabulary.Documents(other) > vocabulary.Documents(typed) ? other : typed) ?? UnitName(unit, vocabulary);
    }

    /// <summary>
    /// "120x70" and "120x70cm" as the catalogue writes a size, "120 x 70" and "120 x 70 cm" side by side, when the index
    /// holds every part and not the word glued: "desk 120x70" relaxed to 265 products where 43 desks are 120 x 70 cm
    /// (an outside review, session 41).
    /// </summary>
    internal static string? Dimensions(string word, Vocabulary vocabulary)
    {
        var match = s_glueDimensions.Match(word);
        if (!match.Success || vocabulary.IsIndexed(word)) return null;
        string[] parts = [match.Groups[1].Value, "x", match.Groups[2].Value, .. match.Groups[3].Success ? new[] { "x", match.Groups[3].Value } : [],
            .. match.Groups[4].Success ? new[] { match.Groups[4].Value } : []];
        return parts.All(vocabulary.IsIndexed) ? string.Join(' ', parts) : null;
    }

    private static readonly System.Text.RegularExpressions.Regex s_glueDimensions = new(@"^([0-9]{1,5})x([0-9]{1,5})(?:x([0-9]{1,5}))?([a-z]{1,2})?$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, SearchText.PatternTimeout);

    /// <summary>
    /// A unit's other names and the short one catalogues write ("grams": "g", "volts": "v", "pcs": "pieces"), used only
    /// after a number and only when the index holds the short one. Not "pounds" (a currency too), nor "in" or "inches"
    /// (a common word; "inches" reaches "inch" as its other number).
    /// </summary>
    private static readonly Dictionary<string, string> s_unitNames = new[]
    {
        ("g", "gram grams gramme grammes gr grm grms gms"), ("kg", "kilo kilos kilogram kilograms kilogramme kilogrammes kgs"),
        ("mg", "milligram milligrams"), ("l", "litre litres liter liters ltr ltrs"), ("ml", "millilitre millilitres milliliter milliliters mls"),
        ("m", "metre metres meter meters mtr mtrs"), ("cm", "centimetre centimetres centimeter centimeters cms"),
        ("mm", "millimetre millimetres millimeter millimeters"), ("v", "volt volts"), ("w", "watt watts"), ("kw", "kilowatt kilowatts"),
        ("gb", "gig gigs gigabyte gigabytes gbs"), ("tb", "terabyte terabytes tbs"), ("oz", "ounce ounces"), ("lb", "lbs"),
        ("pieces", "pcs pc"), ("k", "kelvin kelvins"),
    }.SelectMany(u => u.Item2.Split(' ').Select(name => (Name: name, Unit: u.Item1))).ToDictionary(u => u.Name, u => u.Unit, StringComparer.Ordinal);

    private static readonly HashSet<string> s_shortUnits = [.. s_unitNames.Values];

    // A unit as product names write it, where that is not in small letters ("16 GB", "18 V", "1.5 L", "2,700 K").
    private static readonly Dictionary<string, string> s_unitsWritten = new(StringComparer.Ordinal)
    {
        ["gb"] = "GB", ["tb"] = "TB", ["mb"] = "MB", ["v"] = "V", ["w"] = "W", ["kw"] = "kW", ["l"] = "L", ["k"] = "K",
        ["hz"] = "Hz", ["khz"] = "kHz", ["mhz"] = "MHz", ["ghz"] = "GHz", ["mah"] = "mAh", ["mp"] = "MP",
    };

    // A phrase as a search writes it, in quotes, not left out.
    private static readonly System.Text.RegularExpressions.Regex s_quoted = new(@"(?<=^|\s)""([^""]+)""(?=\s|$)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, SearchText.PatternTimeout);

    /// <summary>
    /// A corrected search as the page and the suggestions say it: each number-and-unit or size phrase
    /// (<see cref="IsUnitPhrase"/>) without quotes and its unit as product names write it, "laptop 16 GB" where it said
    /// laptop "16 gb" (left as found in session 41). Searched again it finds the same, read side by side
    /// (<see cref="UnitsSideBySide"/>).
    /// </summary>
    public static string Shown(string normalized)
    {
        if (!normalized.Contains('"', StringComparison.Ordinal)) return normalized;
        // A number in two phrases ("16 gb" and "16 inch") is shown apart too: searched again, the words as typed are read
        // in pairs (SearchText.Sequence), where the second pair was lost and so stayed quoted (a third review, session 42).
        // One that is also a word of its own stays quoted.
        var numbers = s_quoted.Matches(normalized).Select(m => m.Groups[1].Value).Where(IsUnitPhrase).Select(NumberOf).ToList();
        return !numbers.Any(n => normalized.Split(' ').Contains(n))
            ? s_quoted.Replace(normalized, m => IsUnitPhrase(m.Groups[1].Value) ? Written(m.Groups[1].Value) : m.Value) : normalized;
    }

    // "16 gb": "16"; "120 x 70 cm" and "120 x 70": "120 x 70".
    private static string NumberOf(string phrase) => char.IsAsciiLetter(phrase[^1]) ? phrase[..phrase.LastIndexOf(' ')] : phrase;

    /// <summary>
    /// Whether a number-and-unit or size phrase (<see cref="IsUnitPhrase"/>) is a measure: a size, or a number and a unit
    /// the catalogue measures in ("70 x 70", "16 gb", "16 inch", "500 pieces"), not a number beside any word ("15 pro").
    /// </summary>
    public static bool IsMeasure(string phrase) => !char.IsAsciiLetter(phrase[^1]) || phrase.Contains(" x ", StringComparison.Ordinal)
        || phrase[(phrase.LastIndexOf(' ') + 1)..] is var unit && (s_shortUnits.Contains(unit) || s_unitsWritten.ContainsKey(unit) || s_measures.Contains(unit));

    // Counts and sizes the catalogue writes after a number besides the short units: "16-inch", "4-Person", "500 Pieces",
    // "60 Capsules", "120 Tablets".
    // Not "players": the catalogue writes ranges ("2-4 Players"), so "game 3 players" found only games for 3 to 8 and
    // would have been told none has it (an outside review, session 43).
    private static readonly HashSet<string> s_measures = [Inch, "person", "pieces", "capsules", "tablets"];

    /// <summary>A number-and-unit phrase with its unit as product names write it ("16 gb": "16 GB").</summary>
    public static string Written(string phrase) => char.IsAsciiLetter(phrase[^1])
        ? NumberOf(phrase) + " " + UnitWritten(phrase[(phrase.LastIndexOf(' ') + 1)..]) : phrase;

    private static string UnitWritten(string unit) => s_unitsWritten.GetValueOrDefault(unit, unit);

    private static string? UnitName(string word, Vocabulary vocabulary) =>
        !vocabulary.Contains(word) && s_unitNames.TryGetValue(word, out var unit) && vocabulary.IsIndexed(unit) ? unit : null;

    /// <summary>
    /// The search with each number followed by a unit named otherwise than the catalogue names it ("coffee 250 grams",
    /// "drill 18 volts") as the catalogue's phrase ("250 g", "18 v"), or null when there is none. <see cref="ProductSearch"/>
    /// keeps it only when every word then matches: "coffee 250 grams" relaxed to 497 products (an outside review,
    /// session 41). Only ever asked when the words as typed find nothing together, so a unit word the catalogue holds for
    /// something else is read as the unit too: "drill 18 volt" found nothing, Volt being a colour of shoes (session 42).
    /// </summary>
    public static SearchText? UnitWords(SearchText text, Vocabulary vocabulary) =>
        NumbersWithUnits(text, vocabulary, unit => s_unitNames.TryGetValue(unit, out var shortName) && vocabulary.IsIndexed(shortName) ? shortName : null);

    /// <summary>
    /// <paramref name="glued"/>'s words as the catalogue writes the ones <see cref="NumbersGlued"/> made: "tv 4K", "phone
    /// 5G" (it said "tv 4k"; an outside review, session 43). Only those: a number glued to its letter the catalogue holds
    /// glued is a name's "4K" or "5G", never grams.
    /// </summary>
    public static string GluedShown(SearchText glued, SearchText typed) => string.Join(' ', glued.Normalized.Split(' ')
        .Select(w => !typed.Words.Contains(w) && w.Length >= 2 && w[^1] is 'k' or 'g' && w[..^1].All(char.IsAsciiDigit) ? w[..^1] + char.ToUpperInvariant(w[^1]) : w));

    /// <summary>
    /// A correction beside a number, written as the catalogue writes its unit, each way that changes it, and what the page
    /// then shows, when not the correction itself: the unit named otherwise ("drll 18 volts": "drill 18 V"), then the
    /// number in groups ("jigsw 1000pcs": "jigsaw 1,000 pieces"). The search and the suggestions try them in this order
    /// when the correction alone finds nothing (an outside review, session 43).
    /// </summary>
    public static IEnumerable<(SearchText Text, string? Shown)> AsTheCatalogueWrites(SearchText correction, Vocabulary vocabulary)
    {
        if (UnitWords(correction, vocabulary) is { } named) yield return (named, null);
        if (Grouped(correction, vocabulary) is { } groups) yield return (groups, WithCommas(correction.Normalized, vocabulary));
    }

    /// <summary>
    /// Whether a unit <paramref name="named"/> reads otherwise (<see cref="UnitWords"/>) is a word the catalogue has for
    /// something else ("volt", a colour): relaxed as typed, "drill 20 volts" led with the Volt-coloured clothes.
    /// </summary>
    public static bool UnitMeansOtherwise(SearchText text, SearchText named, Vocabulary vocabulary) =>
        text.Words.Except(named.Words).Any(w => !w.All(char.IsAsciiDigit) && (vocabulary.IsIndexed(w) || OtherNumbers(w, vocabulary).Any(vocabulary.IsIndexed)));

    /// <summary>
    /// The search with each number and the letter or two after it as the one word the catalogue writes ("tv 4 k": "4k",
    /// "phone 5 g": "5g"), or null when there is none. <see cref="ProductSearch"/> keeps it only when every word then
    /// matches: "tv 4 k" relaxed to any word and showed lamps of 2,700 K (left as found in session 42).
    /// </summary>
    public static SearchText? NumbersGlued(SearchText text, Vocabulary vocabulary)
    {
        if (text.AsTyped || text.Priced) return null;
        var words = text.Words;
        var chosen = new List<string>(words.Count);
        var changed = false;
        for (var i = 0; i < words.Count; i++)
        {
            if (i + 1 < words.Count && words[i].Length <= 4 && words[i].All(char.IsAsciiDigit) && words[i + 1].Length <= 2 && words[i + 1].All(char.IsAsciiLetter)
                && !text.IsQuoted(words[i]) && !text.IsQuoted(words[i + 1]) && vocabulary.IsIndexed(words[i] + words[i + 1]))
            {
                chosen.Add(words[i] + words[i + 1]);
                changed = true;
                i++;
                continue;
            }
            chosen.Add(words[i]);
        }
        return changed ? With(text, chosen, text.LastWordOpen, []) : null;
    }

    /// <summary>
    /// The search with each number followed by a word ("laptop 16 gb", "coffee 250 g", "tent 4 person", "laptop 16 inch"),
    /// and each size ("desk 120 x 70"), as a phrase, side by side, or null when there is none. As two words anywhere,
    /// "laptop 16 gb" found 104 laptops at 10,000 products, the 16-inch ones with 8 GB among them, where 73 have 16 GB;
    /// and the page's correction of "laptop 16gb", shown as "laptop 16 GB", must find the same when searched again.
    /// <see cref="ProductSearch"/> and the suggestions narrow to it, saying nothing (it is what was typed), when any
    /// match has it.
    /// </summary>
    public static SearchText? UnitsSideBySide(SearchText text, Vocabulary vocabulary) =>
        NumbersWithUnits(text, vocabulary, unit => unit.Length > 10 || !unit.All(char.IsAsciiLetter) || SearchText.IsCommonWord(unit) ? null
            : vocabulary.IsIndexed(unit) ? unit
            // "tent 4 persons" where names say "4-Person": the pair in the number the catalogue has.
            : unit.Length >= 3 && Inflected(unit, vocabulary) is { } other && vocabulary.IsIndexed(other) ? other : null, sideBySide: true);

    /// <summary>
    /// A number-and-unit phrase and the same with the unit's other number where the catalogue has it ("500 piece" and
    /// "500 pieces"): either side by side is the pair. "jigsaw 500 piece", as shoppers write it, kept the 1,500-piece
    /// jigsaws, names saying "500 Pieces" (left as found in session 42).
    /// </summary>
    public static string[] UnitForms(string phrase, Vocabulary vocabulary)
    {
        var space = phrase.LastIndexOf(' ');
        if (space < 0 || !char.IsAsciiLetter(phrase[^1])) return [phrase];
        var unit = phrase[(space + 1)..];
        return [phrase, .. OtherNumbers(unit, vocabulary).Where(vocabulary.IsIndexed).Select(other => phrase[..(space + 1)] + other)];
    }

    /// <summary>
    /// A count before a word the catalogue writes ranges of counts before ("game 5 players", names saying "2-6 Players"):
    /// the count, the word in each number names have it (<see cref="NameWords.WritesRangesBefore"/>), and the search
    /// without the count; or null.
    /// </summary>
    public static (int Count, string[] Units, SearchText Others)? CountBeside(SearchText text, Vocabulary vocabulary, NameWords names)
    {
        if (text.AsTyped || text.Priced || text.Phrases.Count > 0) return null;
        var words = text.Words;
        for (var i = 0; i < words.Count; i++)
        {
            // The count and the word apart ("game 5 players"), or glued ("game 5players", which relaxed; a second review).
            var glued = s_countGlued.Match(words[i]);
            var (number, unit, others) = glued.Success ? (glued.Groups[1].Value, glued.Groups[2].Value, i)
                : i + 1 < words.Count ? (words[i], words[i + 1], -1) : ("", "", -1);
            if (number.Length is 0 or > 3 || !number.All(char.IsAsciiDigit) || number[0] == '0' || !unit.All(char.IsAsciiLetter) || text.IsQuoted(words[i])
                || (others < 0 && text.IsQuoted(unit))) continue;
            string[] units = [.. new[] { unit }.Concat(OtherNumbers(unit, vocabulary)).Where(names.WritesRangesBefore)];
            // The word still being typed, as the suggestions see it ("game 5 pla"): the words ranges are written before
            // that it starts (a second outside review, session 44).
            if (units.Length == 0 && text.LastWordOpen && unit == words[^1]) units = names.RangeWordsStartingWith(unit);
            if (units.Length > 0) return (int.Parse(number, System.Globalization.CultureInfo.InvariantCulture), units, text.WithWords([.. words.Where((_, k) => k != i)]));
        }
        return null;
    }

    private static readonly System.Text.RegularExpressions.Regex s_countGlued = new("^([0-9]{1,3})([a-z]{3,})$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, SearchText.PatternTimeout);

    // What names write after a size in inches: "16-inch", which the index reads as "16" and "inch".
    private const string Inch = "inch";

    /// <summary>
    /// Whether a phrase is a number and the word after it, or a size ("16 gb", "4 person", "120 x 70 cm"), as
    /// <see cref="UnitsSideBySide"/>, a unit split or a size's correction writes it: what names are asked to hold side by side.
    /// </summary>
    public static bool IsUnitPhrase(string phrase) => s_unitOrSize.IsMatch(phrase);

    private static readonly System.Text.RegularExpressions.Regex s_unitOrSize = new(
        @"^(?:(?:[0-9]{1,5} x ){0,2}[0-9]{1,9} [a-z]{1,10}|[0-9]{1,5} x [0-9]{1,5}(?: x [0-9]{1,5})?)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant, SearchText.PatternTimeout);

    private static SearchText? NumbersWithUnits(SearchText text, Vocabulary vocabulary, Func<string, string?> unitOf, bool sideBySide = false)
    {
        if (text.AsTyped || text.Priced) return null;
        // The words as typed, a number typed twice twice: "laptop 16 inch 16 gb" is two pairs, "desk 70 x 70" a size.
        var words = text.Sequence ?? text.Words;
        var chosen = new List<string>(words.Count);
        var changed = false;
        for (var i = 0; i < words.Count; i++)
        {
            // "desk 120 x 70 [cm]", as the page shows the correction of "desk 120x70" (Dimensions).
            if (sideBySide && Size(text, words, i, vocabulary) is { } size)
            {
                if (!chosen.Contains(string.Join(' ', size))) chosen.Add(string.Join(' ', size));
                changed = true;
                i += size.Count - 1;
                continue;
            }
            // "laptop 16 in", "tv 55 in": the inch, as "16in" is, the last word typed; not the "in" of "2 in 1" nor of
            // "smartphone 128 in blue" (an outside review, session 43).
            var next = i + 1 < words.Count && words[i + 1] == "in" && sideBySide && i + 2 == words.Count ? Inch
                : i + 1 < words.Count ? words[i + 1] : null;
            if (next is not null && words[i].Length <= 9 && words[i].All(char.IsAsciiDigit) && !text.IsQuoted(words[i]) && !text.IsQuoted(words[i + 1])
                && (i == 0 || !words[i - 1].All(char.IsAsciiDigit)) && vocabulary.IsIndexed(words[i]) && unitOf(next) is { } unit)
            {
                if (!chosen.Contains(words[i] + " " + unit)) chosen.Add(words[i] + " " + unit);
                changed = true;
                i++;
                continue;
            }
            if (!chosen.Contains(words[i])) chosen.Add(words[i]);
        }
        return changed ? With(text, chosen, text.LastWordOpen, []) : null;
    }

    // Words from i that write a size, "120 x 70" or "120 x 70 x 40", and the unit after it if there is one; or null.
    private static List<string>? Size(SearchText text, IReadOnlyList<string> words, int i, Vocabulary vocabulary)
    {
        bool Number(int at) => at < words.Count && words[at].Length <= 5 && words[at].All(char.IsAsciiDigit) && !text.IsQuoted(words[at]) && vocabulary.IsIndexed(words[at]);
        bool By(int at) => at < words.Count && words[at] == "x" && !text.IsQuoted(words[at]);
        if (!Number(i) || !By(i + 1) || !Number(i + 2)) return null;
        var size = words.Skip(i).Take(3).ToList();
        if (By(i + 3) && Number(i + 4)) size.AddRange(words.Skip(i + 3).Take(2));
        var next = i + size.Count;
        if (next < words.Count && !text.IsQuoted(words[next]) && s_shortUnits.Contains(words[next]) && vocabulary.IsIndexed(words[next])) size.Add(words[next]);
        return size.All(vocabulary.IsIndexed) ? size : null;
    }

    /// <summary>
    /// A word of three letters with two side by side typed the wrong way round ("yoga mta", "laptop bga"), when the
    /// catalogue lacks it and it is no English word: the catalogue's word with them swapped, the commoner of the two
    /// ways. Only that: any edit of three letters reaches a dozen words ("usb", "tv", "mug"), a swap rarely more than
    /// one (a review, session 38). Never alone, and never relaxed (<see cref="Swaps"/>): "cpu" became "cup" and showed
    /// coffee, "sub" "usb" (a second review); beside other words that must all match, a swap is rarely a wrong guess.
    /// </summary>
    private static string? Swapped(string word, bool open, Vocabulary vocabulary)
    {
        if (!word.All(char.IsAsciiLetter) || SearchText.IsCommonWord(word) || vocabulary.Contains(word) || EnglishWords.Contains(word)
            || (open && vocabulary.HasWordStartingWith(word))) return null;
        string[] swaps = [$"{word[1]}{word[0]}{word[2]}", $"{word[0]}{word[2]}{word[1]}"];
        return swaps.Where(w => w != word && vocabulary.Contains(w) && !SearchText.IsCommonWord(w)).OrderByDescending(vocabulary.Documents).FirstOrDefault();
    }

    /// <summary>Whether <paramref name="correction"/> swaps two letters of a three-letter word (<see cref="Swapped"/>).</summary>
    public static bool Swaps(SearchText text, SearchText correction) => text.Words.Zip(correction.Words)
        .Any(p => p.First.Length == 3 && p.Second.Length == 3 && p.First != p.Second && p.First.Order().SequenceEqual(p.Second.Order()));

    /// <summary>
    /// The search with each word left out that the catalogue lacks as it would be corrected ("laptop -bussiness" left
    /// out nothing; a review, session 38), said as any correction is ("Showing results for laptop -business"). Never a
    /// real word, a catalogue word, a word the search asks for or its other number ("yoga mat -mta" left out the mats,
    /// "tent -tnet" every tent; a third review). Null when none changes.
    /// </summary>
    public static SearchText? LeftOut(SearchText text, Vocabulary vocabulary)
    {
        if (text.AsTyped || text.Excluded.Count == 0 || vocabulary.Count == 0) return null;
        var asked = text.Words.SelectMany(w => OtherNumbers(w, vocabulary).Prepend(w)).ToHashSet(StringComparer.Ordinal);
        var changed = false;
        var meant = text.Excluded.Select(word =>
        {
            if (word.Contains(' ', StringComparison.Ordinal) || vocabulary.IsIndexed(word) || !word.All(char.IsLetter)
                || CorrectWord(word, open: false, vocabulary) is not { } corrected || !corrected.All(char.IsLetter)
                || asked.Contains(corrected) || OtherNumbers(corrected, vocabulary).Any(asked.Contains) || OtherNumbers(word, vocabulary).Contains(corrected)) return word;
            changed = true;
            return corrected;
        }).ToList();
        return changed ? text.WithExcluded(meant) : null;
    }

    /// <summary>
    /// The search with each number of four to nine digits written as the catalogue writes it with thousands commas:
    /// the index holds "1,000" as "1" and "000", so "1000 pieces" found no jigsaw and relaxed to any word (a review,
    /// session 37). The groups are words in place and a phrase side by side, so "1000000" is never "1 000"; a unit
    /// glued on is the phrase's last word ("2700k": "2,700 K", "1000pieces"; <see cref="ThousandsAndUnit"/>). Null when
    /// no number has groups the index holds all of. <see cref="ProductSearch"/> keeps it only when every word then
    /// matches: relaxed, "laptop 1000" led with jigsaws for their "000", and "10000" found them (a review, session 38).
    /// </summary>
    public static SearchText? Grouped(SearchText text, Vocabulary vocabulary)
    {
        // "$1000" is a price, not a count of pieces (a second review).
        if (text.AsTyped || text.Priced || !text.Words.Any(w => w.Length >= 3 && char.IsAsciiDigit(w[0]))) return null;
        var words = text.Words;
        var chosen = new List<string>(words.Count);
        var changed = false;
        for (var i = 0; i < words.Count; i++)
        {
            var choice = text.IsQuoted(words[i]) ? null : Thousands(words[i], vocabulary) ?? ThousandsAndUnit(words[i], vocabulary);
            // "2,700k" is the words "2" and "700k": the groups with the unit glued to the last ("lamp 2,700k" relaxed to
            // every lamp; an outside review, session 40).
            // And "jigsaw 1000 pcs", "lamp 2700 kelvin": the unit named otherwise after the number, as "1000pcs" is.
            if (i + 1 < words.Count && !text.IsQuoted(words[i]) && !text.IsQuoted(words[i + 1])
                && (choice is null ? GroupedUnit(words[i], words[i + 1], vocabulary) : SpacedUnit(words[i], words[i + 1], vocabulary)) is { } joined)
            {
                (choice, i) = (joined, i + 1);
            }
            chosen.Add(choice ?? words[i]);
            changed |= choice is not null;
        }
        return changed ? With(text, chosen, text.LastWordOpen, []) : null;
    }

    // A number's head and its last group with a unit glued on, as the catalogue writes them ("2" "700k": "2+700+k").
    private static string? GroupedUnit(string head, string tail, Vocabulary vocabulary) =>
        head.Length is >= 1 and <= 3 && head[0] != '0' && head.All(char.IsAsciiDigit) && tail.Length > 3 && !tail.AsSpan(0, 3).ContainsAnyExceptInRange('0', '9')
        && !tail.AsSpan(3).ContainsAnyExceptInRange('a', 'z') && !vocabulary.IsIndexed(tail) ? ThousandsAndUnit(head + tail, vocabulary) : null;

    // A number the index holds in groups and a unit apart that the catalogue names otherwise ("1000" "pcs": "1+000+pieces").
    private static string? SpacedUnit(string number, string unit, Vocabulary vocabulary) =>
        Thousands(number, vocabulary) is not null && UnitName(unit, vocabulary) is not null ? ThousandsAndUnit(number + unit, vocabulary) : null;

    /// <summary>"1,000" for "1000" in <paramref name="shown"/>, for each number <see cref="Grouped"/> wrote so.</summary>
    public static string WithCommas(string shown, Vocabulary vocabulary)
    {
        var words = shown.Split(' ');
        var written = new List<string>(words.Length);
        for (var i = 0; i < words.Length; i++)
        {
            var withUnit = ThousandsAndUnit(words[i], vocabulary);
            if (withUnit is null && i + 1 < words.Length && (GroupedUnit(words[i], words[i + 1], vocabulary) ?? SpacedUnit(words[i], words[i + 1], vocabulary)) is { } joined)
            {
                (withUnit, i) = (joined, i + 1);
            }
            written.Add(withUnit is not null && withUnit.LastIndexOf(SplitMark) is var unit ? withUnit[..unit].Replace(SplitMark, ',') + " " + UnitWritten(withUnit[(unit + 1)..])
                : Thousands(words[i], vocabulary) is { } groups ? groups.Replace(SplitMark, ',')
                // "lamp 2700 k" is "2,700 K", as "lamp 2700k" is (an outside review, session 42).
                : i > 0 && Thousands(words[i - 1], vocabulary) is not null && s_shortUnits.Contains(words[i]) ? UnitWritten(words[i])
                : words[i]);
        }
        return string.Join(' ', written);
    }

    /// <summary>
    /// A number with its unit or word glued on ("2700k" for the lamps' "2,700 K", "1000pieces"), that the index does not hold
    /// glued: its groups and then the unit, side by side ("2+700+k"), or null. Like "12v" (<see cref="UnitSplit"/>), the
    /// groups and the unit are only ever a phrase, kept when every word matches, so a single letter cannot stray.
    /// </summary>
    internal static string? ThousandsAndUnit(string word, Vocabulary vocabulary)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits])) digits++;
        if (digits is < 4 or > 9 || word.Length - digits is < 1 or > 10 || word.AsSpan(digits).ContainsAnyExceptInRange('a', 'z')
            || vocabulary.IsIndexed(word) || Unit(word[digits..], vocabulary) is not { } unit) return null;
        return Thousands(word[..digits], vocabulary) is { } groups ? groups + SplitMark + unit : null;
    }

    /// <summary>A number's groups of three as the index holds them ("1+000"), or null; four to nine digits, no leading zero.</summary>
    internal static string? Thousands(string word, Vocabulary vocabulary)
    {
        if (word.Length is < 4 or > 9 || word[0] == '0' || !word.All(char.IsAsciiDigit)) return null;
        var head = word.Length % 3 == 0 ? 3 : word.Length % 3;
        var groups = new List<string> { word[..head] };
        for (var i = head; i < word.Length; i += 3) groups.Add(word.Substring(i, 3));
        return groups.All(vocabulary.IsIndexed) ? string.Join(SplitMark, groups) : null;
    }


    internal static string WithoutDiacritics(string word)
    {
        if (word.All(char.IsAscii)) return word;
        var decomposed = word.Normalize(NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).Normalize(NormalizationForm.FormC);
    }
}
