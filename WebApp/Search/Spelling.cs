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
/// <item>Words of three letters or fewer are never corrected ("usb", "tv", "mug" are a letter away from a dozen
/// others); four to seven letters take one edit, eight or more two. Fewer edits win, then the word more products hold.</item>
/// <item>The last word, still being typed, is left alone while it starts some catalogue word ("lapt" is on its way to
/// "laptop"). When it starts none, it is corrected as a whole word first ("laptp" -> "laptop"), then, from five
/// letters, as the start of a word with one edit ("headphn" -> "headphones").</item>
/// </list>
/// </summary>
public static class Spelling
{
    /// <summary>The search with its misspelled words corrected, or null when no word needs (or has) a correction.</summary>
    public static SearchText? Correct(SearchText text, Vocabulary vocabulary)
    {
        if (text.AsTyped || vocabulary.Count == 0) return null;
        var chosen = new List<string>(text.Words.Count);
        var changed = false;
        for (var i = 0; i < text.Words.Count; i++)
        {
            var word = text.Words[i];
            var open = i == text.Words.Count - 1 && text.LastWordOpen;
            var corrected = text.IsQuoted(word) ? word : CorrectWord(word, open, vocabulary) ?? word;
            changed |= corrected != word;
            chosen.Add(corrected);
        }
        return changed ? With(text, chosen) : null;
    }

    /// <summary>
    /// The search with each word replaced by its choice: a split number and unit ("16 gb") is a phrase, so "16gb" finds
    /// "16 GB" and not a 16-inch laptop with 8 GB; the last word stays open only if it is still a word.
    /// </summary>
    private static SearchText With(SearchText text, List<string> chosen)
    {
        var words = new List<string>(chosen.Count);
        var phrases = new List<string>();
        foreach (var choice in chosen)
        {
            var list = choice.Contains(' ', StringComparison.Ordinal) ? phrases : words;
            if (!list.Contains(choice)) list.Add(choice);
        }
        return text.WithWords(words, phrases, text.LastWordOpen && chosen.Count > 0 && !chosen[^1].Contains(' ', StringComparison.Ordinal));
    }

    /// <summary>
    /// The best correction first, then a few others that each swap one corrected word for its next-best candidate, for
    /// the search to keep the first whose words all match together ("garden bnch": "garden bench" finds what the
    /// commoner "garden inch" does not). Empty when nothing needs correcting.
    /// </summary>
    public static IReadOnlyList<SearchText> Corrections(SearchText text, Vocabulary vocabulary, int perWord = 3)
    {
        if (Correct(text, vocabulary) is not { } best) return [];
        var primary = new List<string>(text.Words.Count);
        var others = new List<IReadOnlyList<string>>(text.Words.Count);
        for (var i = 0; i < text.Words.Count; i++)
        {
            var word = text.Words[i];
            var chosen = text.IsQuoted(word) ? word : CorrectWord(word, i == text.Words.Count - 1 && text.LastWordOpen, vocabulary) ?? word;
            primary.Add(chosen);
            var plain = WithoutDiacritics(word);
            others.Add(chosen == word
                ? []
                : [.. vocabulary.Nearest(plain, plain.Length >= 8 ? 2 : 1, perWord).Select(c => c.Word).Where(c => c != chosen)]);
        }
        var result = new List<SearchText> { best };
        for (var i = 0; i < others.Count; i++)
        {
            foreach (var other in others[i])
            {
                result.Add(With(text, new List<string>(primary) { [i] = other }));
            }
        }
        return result;
    }

    private static string? CorrectWord(string typed, bool open, Vocabulary vocabulary)
    {
        // The index holds words without their accents ("café" is "cafe"), as the tokenizer also reads a query.
        var word = WithoutDiacritics(typed);
        if (UnitSplit(word, vocabulary) is { } split) return split;
        if (word.Length <= 3 || SearchText.IsCommonWord(word) || word.Any(char.IsDigit) || vocabulary.Contains(word)) return null;
        if (open && vocabulary.HasWordStartingWith(word)) return null;

        // Two edits only for long words: in six letters two changes reach unrelated words ("hiking" -> "lining").
        var maxEdits = word.Length >= 8 ? 2 : 1;
        var whole = vocabulary.Nearest(word, maxEdits);
        if (whole is { Edits: 1 }) return whole.Value.Word;
        if (open && word.Length >= 5 && vocabulary.NearestCompletion(word) is { } completion) return completion;
        return whole?.Word;
    }

    /// <summary>
    /// "16gb" as "16 gb": digits then two to five letters, unknown glued, both halves known. One letter is left alone:
    /// "12v" split into "12" and "v" suggested vitamins.
    /// </summary>
    private static string? UnitSplit(string word, Vocabulary vocabulary)
    {
        var digits = 0;
        while (digits < word.Length && char.IsAsciiDigit(word[digits])) digits++;
        var letters = word.Length - digits;
        if (digits == 0 || letters is < 2 or > 5 || !word.Skip(digits).All(char.IsAsciiLetter) || vocabulary.IsIndexed(word)) return null;
        var (number, unit) = (word[..digits], word[digits..]);
        return vocabulary.IsIndexed(number) && vocabulary.IsIndexed(unit) ? number + " " + unit : null;
    }

    private static string WithoutDiacritics(string word)
    {
        if (word.All(char.IsAscii)) return word;
        var decomposed = word.Normalize(NormalizationForm.FormD);
        return new string([.. decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)]).Normalize(NormalizationForm.FormC);
    }
}
