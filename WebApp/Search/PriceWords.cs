using System.Globalization;
using System.Text.RegularExpressions;
using WebApp.Catalog;
using WebApp.Currency;

namespace WebApp.Search;

/// <summary>
/// A price typed into the search box ("headphones under $100", "desk $150-$300", "lamp $40 and up"): read as the price
/// filter it means, and taken out of the words, which otherwise searched "under" and the number ("$25" found 250 g
/// coffee; a review, session 38). Only a price written as one (a dollar sign, "dollars", "USD" or "cents") is read:
/// "tv over 50" and "jigsaw under 1000" are inches and pieces as often as dollars. The page says what it read and links
/// the words as typed (<c>exact=1</c>), which are never read so.
/// <para>A price in a currency the store has a rate for ("headphones under £50", "lamp 30-40 €", "¥5000") is converted
/// to the store's with that rate, as the prices beside the results are converted the other way, and the notice says
/// so: it relaxed to every headphone under "No results for headphones under £50". Without a rate it stays words.
/// "Pounds" is a weight as often as money and is not read.</para>
/// </summary>
public sealed record PriceWords(string Typed, IReadOnlyList<string> Phrases, string Remaining, long? MinCents, long? MaxCents)
{
    /// <summary>
    /// A price typed with nothing to say which side of it ("coffee $25", "lamp around $50"): not searched as a word (no
    /// product name holds a price a shopper would guess), and the page offers the filter either way.
    /// </summary>
    public long? Bare { get; init; }

    /// <summary>The bare price as a minimum: <see cref="Bare"/> is rounded down when converted, this up (inward either way).</summary>
    public long? BareFrom { get; init; }

    /// <summary>The typed minimum is the filter's (no price was chosen beside the results that it contradicts).</summary>
    public bool AppliedMin { get; init; }

    /// <summary>The typed maximum is the filter's.</summary>
    public bool AppliedMax { get; init; }

    /// <summary>Bounds typed that contradict the ones read before them, left out of the words and not used.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>Two bounds typed the wrong way round ("under $20 over $50"), read with the lower as the minimum.</summary>
    public bool Swapped { get; init; }

    /// <summary>The currencies of prices read that were converted to the store's ("GBP"), in the order typed.</summary>
    public IReadOnlyList<string> ConvertedFrom { get; init; } = [];

    /// <summary>The store's currency they were converted to.</summary>
    public string? ConvertedTo { get; init; }

    /// <summary>Prices alone beside a bound ("£50" of "lamp £50 under $100"), taken out of the words and not used.</summary>
    public IReadOnlyList<string> AlsoAlone { get; init; } = [];

    /// <summary>The currencies of prices that had no rate: a range's other price alone was used, or none.</summary>
    public IReadOnlyList<string> Unconverted { get; init; } = [];

    /// <summary>What the notices say: "“under $100” was read as a price: up to $100.00." (the API's words for a bare price).</summary>
    public string Notice => Bare is not null
        ? $"{Quoted} looks like a price, so it was not searched as a word." + Conversion
        : MinCents is null && MaxCents is null && Unconverted.Count > 0
        ? $"{Quoted} looks like a price, but the store has no exchange rate for {string.Join(" or ", Unconverted)} at hand, so it was not used." + Beside
        : AppliedMin || AppliedMax
        ? $"{Quoted} {(Phrases.Count == 1 ? "was" : "were")} read as a price: {Describe(AppliedMin ? MinCents : null, AppliedMax ? MaxCents : null)}{(Swapped ? " (the lower price as the least)" : "")}"
            + (MinCents is not null && !AppliedMin ? "; the minimum chosen beside the results is used." : MaxCents is not null && !AppliedMax ? "; the maximum chosen beside the results is used." : ".")
            + (Ignored.Count > 0 ? $" {string.Join(" and ", Ignored.Select(p => $"“{SearchText.Shown(p)}”"))} contradicted it and was not used." : "")
            + Conversion + Beside
        : $"{Quoted} {(Phrases.Count == 1 ? "was" : "were")} read as a price, but the price chosen beside the results is used." + Beside;

    private string Beside => AlsoAlone.Count == 0 ? ""
        : $" {string.Join(" and ", AlsoAlone.Select(p => $"“{SearchText.Shown(p)}”"))} {(AlsoAlone.Count == 1 ? "looks" : "look")} like a price too, so {(AlsoAlone.Count == 1 ? "it was" : "they were")} not searched as a word.";

    // Said wherever a converted figure is shown: the filter is in the store's currency, the typed price was not.
    private string Conversion => (ConvertedFrom.Count == 0 ? ""
        : $" {string.Join(" and ", ConvertedFrom)} {(ConvertedFrom.Count == 1 ? "was" : "were")} converted to {ConvertedTo} at the store's exchange rate.")
        + (Unconverted.Count == 0 ? "" : $" The store has no exchange rate for {string.Join(" or ", Unconverted)} at hand, so the price in it was not used.");

    // The phrases as the notices quote them: "“under $50” and “over $20”" for a range typed apart.
    private string Quoted => string.Join(" and ", Phrases.Select(SearchText.Shown).Distinct().Select(p => $"“{p}”"));

    // Thousands apart by commas, or by spaces (as much of Europe writes them) after one digit ("$1 500") or in round
    // thousands ("$10 000"): a number after a price is otherwise a number of its own ("under $25 500 pieces" was
    // $25,500; a second review).
    private const string Space = @"[ \u00A0\u2009\u202F]";
    // Then thousands apart by an apostrophe, as the Swiss write them ("1'234.50 CHF"; a third review).
    // Then the way most of Europe writes a price, read only in another currency ("€49,99", "€1.000,00", "¥5.000"):
    // "$1,00" and "$1.000" are no price, as before. All before the plain number, whose match of their start ("1" of
    // "1 234,56 €") would be taken first.
    // Spaces after two or three digits group thousands beside another currency's sign ("¥12 345", "12 345 €") or before
    // decimals ("$12 345.67"): each was read as its first group ("under ¥12", $0.07; a fourth review). Beside dollars
    // alone they are two numbers, as above.
    private const string ForeignSign = @"(?:£|€|¥|\b(?:gbp|eur|euros?|yen|jpy|cad|aud|chf|sek)\b)";
    private const string SpacedGroups = @"\d{2,3}(?:" + Space + @"\d{3})+";
    private const string Number = @"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:['’]\d{3})+(?:\.\d{1,2})?(?!\d)"
        + @"|\d(?:" + Space + @"\d{3})+(?:\.\d{1,2})?(?!\d)|\d{1,3}(?:" + Space + @"000)+(?:\.\d{1,2})?(?!\d)"
        + @"|(?:(?<=" + ForeignSign + @"\s?)|(?=" + SpacedGroups + @"(?:[.,]\d{1,2})?\s?" + ForeignSign + @"))" + SpacedGroups + @"(?:\.\d{1,2})?(?!\d)"
        + @"|" + SpacedGroups + @"\.\d{1,2}(?!\d)"
        // A group is never headed by a zero: "€0.005" is no €5.
        + @"|[1-9]\d{0,2}(?:(?:\.|" + Space + @")\d{3})+,\d{1,2}(?!\d)|[1-9]\d{0,2}(?:\.\d{3})+(?!\d)|\d+,\d{1,2}(?!\d)|\d+(?:\.\d{1,2})?";

    private static readonly Regex s_european = new(@"^(?:[1-9]\d{0,2}(?:[. \u00A0\u2009\u202F]\d{3})+,\d{1,2}|[1-9]\d{0,2}(?:\.\d{3})+|\d+,\d{1,2})$", RegexOptions.CultureInvariant);

    // One price: a sign before or after it, or a unit after it (checked in code: at least one of them, per phrase).
    // Without a sign before it, not the end of a longer number ("234,56 €" of "1 234,56 €" offered $256.86; a review).
    // Another currency's sign or code before it (fx) or after it (fxa); other dollars carry their country ("CA$", "A$").
    private static string Price(string name) =>
        $@"(?:(?<{name}sign>(?:us\s?)?\$\s?|usd\s?)|(?<{name}fx>£|€|¥|(?:ca?|au?)\$|(?:gbp|eur|jpy|cad|aud|chf|sek)(?=\s?\d))\s?|(?<!\d[ \u00A0\u2009\u202F'’]))(?<{name}>{Number})(?<{name}k>k)?"
        + $@"(?:(?<{name}unit>\s?(?:dollars?|usd|bucks|\$))|(?<{name}cents>\s?(?:cents?|¢))|\s?(?<{name}fxa>£|€|¥|euros?|yen|gbp|eur|jpy|cad|aud|chf|sek))?(?![\w$]|[.,]\d)";

    /// <summary>The currency a sign, code or word names ("£": GBP), or null for the store's own ("$", "dollars").</summary>
    private static string? ForeignCode(Match match, string name)
    {
        var mark = match.Groups[name + "fx"] is { Success: true } before ? before.Value : match.Groups[name + "fxa"] is { Success: true } after ? after.Value : null;
        return mark?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "£" or "gbp" => "GBP",
            "€" or "eur" or "euro" or "euros" => "EUR",
            "¥" or "jpy" or "yen" => "JPY",
            "c$" or "ca$" or "cad" => "CAD",
            "a$" or "au$" or "aud" => "AUD",
            var code => code.ToUpperInvariant(),
        };
    }

    // A price-first phrase is not inside a word or a number, nor a price left out ("lamp -$50"); a word-first one is
    // not inside a word ("lamp,under $50" is read).
    private const string BeforePrice = @"(?<![\w$.,-])";
    private const string BeforeWord = @"(?<!\w)";

    // "no less than", "not over", "NOT under": the other bound.
    private const string Not = @"(?<not>(?:no|not)\s+)?";
    // "max" after "pro" or "air" is a name's ("iphone pro max $999", "air max $120"; a second review).
    private const string Max = @"under|below|less\s+than|lower\s+than|cheaper\s+than|up\s*to|at\s+most|(?<!\b(?:pro|air)\s+)max(?:imum)?(?:\s+of)?|<=?|≤";
    private const string Min = @"over|above|more\s+than|greater\s+than|higher\s+than|at\s+least|starting\s+(?:at|from)|from|min(?:imum)?(?:\s+of)?|>=?|≥";
    private const string Each = @"(?:\s+(?:each|apiece))?";

    // What follows a price to make it a bound: "$40 and up", "$25 & under".
    private const string AndUp = @"(?:and|or|&)\s*(?:up|over|more|above|higher)";
    private const string AndDown = @"(?:and|or|&)\s*(?:under|less|below|lower|cheaper)";

    // "from $20 and up", "over $20 and above": what the words before the price said already, taken with it.
    private const string Again = @"(?:\s*(?:" + AndUp + "|" + AndDown + @")(?!\w)(?!\s*(?:to\b|\$|usd|\d)))?";

    // A range, a price with "and up" or "max" after it, one with "under" or "over" before it; the earliest in the words wins.
    private static readonly Regex[] s_forms =
    [
        Form(BeforeWord + @"(?:(?<between>between)\s+|from\s+)?" + Price("a") + @"\s*(?:-|–|—|−|~|\bto\b|\band\s+up\s+to\b|(?<and>\band\b))\s*" + Price("b") + Each),
        Form(BeforePrice + Price("a") + @"\s*(?:(?<max>(?:" + AndDown + @"|max(?:imum)?)(?!\w))|(?<min>\+|(?:" + AndUp + @"|min(?:imum)?)(?!\w)))" + Each),
        Form(BeforeWord + Not + $@"(?:(?<max>{Max})|(?<min>{Min}))\s*" + Price("a") + Again + Each),
    ];

    // A price alone ("coffee $25", "around $50"): no filter is guessed from it, one is offered (Bare).
    private static readonly Regex s_alone = Form(BeforePrice + @"(?:(?:around|about|approx(?:imately)?|roughly|~)\s*)?" + Price("a") + Each);

    // Words that join a bound to the other ("at least $20 but under $50"), taken out with the second.
    private static readonly Regex s_joined = Form(@"(?:\b(?:and|but|or)\b|[&,;])\s*$");

    // Every price holds a digit: most searches hold none and are passed over with one scan.
    private static readonly System.Buffers.SearchValues<char> s_marks = System.Buffers.SearchValues.Create("0123456789０１２３４５６７８９");

    private static Regex Form(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, SearchText.PatternTimeout);

    /// <summary>
    /// The price phrase in <paramref name="typed"/> outside quotes, or null when it holds none. A bound and the other one
    /// apart ("lamp under $50 over $20") are one range, as they are one filter.
    /// </summary>
    /// <param name="rates">The store's exchange rates, for a price typed in another currency; none leaves such a price as words.</param>
    public static PriceWords? Read(string typed, ExchangeRateSet? rates = null)
    {
        if (typed.Length == 0 || typed.Length > SearchText.MaxInputLength || !typed.AsSpan().ContainsAny(s_marks)) return null;
        try
        {
            // A bound and the other apart ("under $50 over $20") are one range; the same bound twice, the tighter.
            var phrases = new List<string>();
            long? min = null, max = null;
            var rest = typed;
            var ignored = new List<string>();
            var converted = new List<string>();
            var unconverted = new List<string>();
            for (var k = 0; k < 3 && Bounds(rest, rates, joined: k > 0) is { } next; k++)
            {
                rest = next.Remaining;
                var (lo, hi) = (Tighter(min, next.MinCents, Math.Max), Tighter(max, next.MaxCents, Math.Min));
                // A bound against a range already read ("desk $150-$300 under $100") is not used, and said; two single
                // bounds the wrong way round ("under $20 over $50") are read with the lower as the least.
                if (lo > hi && (min is not null && max is not null || next.MinCents is not null && next.MaxCents is not null))
                {
                    ignored.AddRange(next.Phrases);
                    continue;
                }
                phrases.AddRange(next.Phrases);
                converted.AddRange(next.ConvertedFrom);
                unconverted.AddRange(next.Unconverted);
                (min, max) = (lo, hi);
            }
            if (phrases.Count > 0)
            {
                // A price alone beside the bound ("lamp £50 under $100") is no word either: searched, it found nothing
                // and widened to any of the words (a third review, session 40).
                var alsoAlone = new List<string>();
                for (var k = 0; k < 2 && Alone(rest, rates) is { } also; k++)
                {
                    alsoAlone.Add(rest.Substring(also.Index, also.Length).Trim());
                    rest = Without(rest, also.Index, also.Length);
                }
                var swapped = min > max;
                return new PriceWords(typed, phrases, rest, swapped ? max : min, swapped ? min : max)
                {
                    Swapped = swapped, Ignored = ignored, ConvertedFrom = [.. converted.Distinct()], ConvertedTo = rates?.Base, Unconverted = [.. unconverted.Distinct()],
                    AlsoAlone = alsoAlone,
                };
            }
            // Two prices that are no range ("$500 and $900") say nothing one could be read as.
            var folded = Folded(typed);
            var candidates = s_alone.Matches(folded).Where(m => !InQuotes(folded, m.Index) && Marked(m, "a", cents: false)).ToList();
            var alone = candidates.Where(m => Amount(m, "a", rates) is > 0).Take(2).ToList();
            if (alone is [var one])
            {
                var amount = Amount(one, "a", rates)!.Value;
                return new PriceWords(typed, [typed.Substring(one.Index, one.Length).Trim()], Without(typed, one.Index, one.Length), null, null)
                {
                    Bare = Math.Max(1, Down(amount)), BareFrom = Up(amount), ConvertedFrom = Currencies(one, rates), ConvertedTo = rates?.Base,
                };
            }
            // A price alone in a currency with no rate ("lamp SEK 500"): not searched as words either (it found 200 g
            // chocolate; a second review, session 40), and said.
            if (alone.Count == 0 && candidates is [var unread] && NoRate(unread, "a", rates) is { } missing)
            {
                return new PriceWords(typed, [typed.Substring(unread.Index, unread.Length).Trim()], Without(typed, unread.Index, unread.Length), null, null) { Unconverted = [missing] };
            }
        }
        catch (RegexMatchTimeoutException)
        {
            // A crafted string that makes the patterns backtrack is searched as words, as before.
        }
        return null;
    }

    // The first price alone in the words outside quotes (one with a rate to read it or a currency without one), if any.
    private static Match? Alone(string typed, ExchangeRateSet? rates)
    {
        var folded = Folded(typed);
        return s_alone.Matches(folded).FirstOrDefault(m => !InQuotes(folded, m.Index) && Marked(m, "a", cents: false)
            && (Amount(m, "a", rates) is > 0 || NoRate(m, "a", rates) is not null));
    }

    // The earliest phrase that says a bound (the longest of those starting there): "over $50 and under $100" is "over
    // $50", not "$50 and under". With joined, the words joining it to a bound before it go with it.
    private static PriceWords? Bounds(string typed, ExchangeRateSet? rates, bool joined = false)
    {
        var folded = Folded(typed);
        Match? best = null;
        (long? Min, long? Max, string? Unconverted) bounds = default;
        foreach (var form in s_forms)
        {
            for (var match = form.Match(folded); match.Success; match = match.NextMatch())
            {
                if (best is not null && (match.Index > best.Index || match.Index == best.Index && match.Length <= best.Length)) continue;
                if (InQuotes(folded, match.Index) || Read(match, rates) is not { } read) continue;
                (best, bounds) = (match, read);
            }
        }
        if (best is null) return null;
        var (start, length) = (best.Index, best.Length);
        if (joined && s_joined.Match(folded[..start]) is { Success: true } joint) (start, length) = (joint.Index, length + start - joint.Index);
        return new PriceWords(typed, [typed.Substring(best.Index, best.Length).Trim()], Without(typed, start, length), bounds.Min, bounds.Max)
        {
            ConvertedFrom = [.. Currencies(best, rates).Where(c => c != bounds.Unconverted)],
            Unconverted = bounds.Unconverted is { } missing ? [missing] : [],
        };
    }

    private static long? Tighter(long? held, long? next, Func<long, long, long> pick) => held is { } h && next is { } n ? pick(h, n) : held ?? next;

    private static readonly System.Buffers.SearchValues<char> s_folded = System.Buffers.SearchValues.Create("\u200B\u200C\u200D\u2060\uFEFF\uFFE1\uFFE5");

    // Full-width digits and signs ("＄５０", "￥", from a Japanese or Chinese keyboard) as the plain ones, one for one, so a
    // match's place in the folded text is its place in the typed.
    // A zero-width space is a space, as the words read it.
    private static string Folded(string typed) => typed.AsSpan().ContainsAnyInRange('\uFF01', '\uFF5E') || typed.AsSpan().ContainsAny(s_folded)
        ? string.Create(typed.Length, typed, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(source[i] - 0xFEE0),
                    '\uFFE1' => '£',
                    '\uFFE5' => '¥',
                    '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => ' ',
                    var c => c,
                };
            }
        })
        : typed;

    // The words without the phrase, and without what it leaves dangling ("lamp under $50." is "lamp", not "lamp .").
    private static string Without(string typed, int start, int length) =>
        (typed[..start].TrimEnd() + " " + typed[(start + length)..].TrimStart()).Trim().Trim('.', ',', ';', ':', '!', '?', '&', '-', ' ');

    /// <summary>A phrase's bounds in the store's cents, rounded inward (a converted "under £50" is never above £50), and
    /// the currency of a price in it that had no rate, if any.</summary>
    private static (long? Min, long? Max, string? Unconverted)? Read(Match match, ExchangeRateSet? rates)
    {
        var a = Amount(match, "a", rates);
        var hasB = match.Groups["b"].Success;
        var b = hasB ? Amount(match, "b", rates) : null;
        var marked = Marked(match, "a") || hasB && Marked(match, "b");
        if (!marked) return null;
        if (hasB)
        {
            // "between $50 and $100", never "$50 and $100" (two prices a shopper is comparing, or words).
            if (match.Groups["and"].Success && !match.Groups["between"].Success) return null;
            // A side in a currency with no rate ("£20 to $50" with no pound rate): the other side is the bound, and the
            // notice says why; it lost the range and relaxed to 5,247 lamps (an outside review, session 40).
            if (a is null && b is { } upper && NoRate(match, "a", rates) is { } missingA) return (null, Most(upper), missingA);
            if (b is null && a is { } lower && NoRate(match, "b", rates) is { } missingB) return (Up(lower), null, missingB);
            // Neither side has a rate: read, so it leaves the words, but no bound (said).
            if (a is null && b is null && NoRate(match, "a", rates) is { } missing && NoRate(match, "b", rates) is not null) return (null, null, missing);
            if (a is null || b is null) return null;
            var (lo, hi) = a <= b ? (Up(a.Value), Most(b.Value)) : (Up(b.Value), Most(a.Value));
            return lo <= hi ? (lo, hi, null) : null;
        }
        var max = match.Groups["max"].Success;
        if (!max && !match.Groups["min"].Success) return null;
        if (a is null) return NoRate(match, "a", rates) is { } unread ? (null, null, unread) : null;
        // "under $0" is no price anyone means.
        if (a == 0) return null;
        // "no less than $50" is from $50, "not over $50" up to it.
        if (match.Groups["not"].Success) max = !max;
        return max ? (null, Most(a.Value), null) : (Up(a.Value), null, null);
    }

    private static long Up(decimal cents) => (long)Math.Ceiling(cents);

    private static long Down(decimal cents) => (long)Math.Floor(cents);

    // A maximum rounded down, but never to nothing: "under ¥1" (less than a cent) is up to $0.01, which finds what a
    // shopper expects (nothing), where no price at all widened to 686 products (a second review, session 40).
    private static long Most(decimal cents) => Math.Max(1, Down(cents));

    // The currency of a price that has no rate to convert it with, or null.
    private static string? NoRate(Match match, string name, ExchangeRateSet? rates) =>
        CurrencyOf(match, name) is { } currency && rates?.RateFor(currency) is null ? currency : null;

    // Cents alone mark no price: "50 cent" is an artist, "25 cent" a coin (a second review).
    private static bool Marked(Match match, string name, bool cents = true) =>
        match.Groups[name + "sign"].Success || match.Groups[name + "unit"].Success || cents && match.Groups[name + "cents"].Success
        || match.Groups[name + "fx"].Success || match.Groups[name + "fxa"].Success;

    // The currency a price is in: its own mark's, or in a range the other price's ("£20-50", "20-50 €"); null for the store's.
    private static string? CurrencyOf(Match match, string name)
    {
        if (Marked(match, name)) return ForeignCode(match, name);
        var other = name == "a" ? "b" : "a";
        return match.Groups[other].Success ? ForeignCode(match, other) : null;
    }

    private static readonly string[] s_sides = ["a", "b"];

    // The other currencies a match's prices were converted from.
    private static string[] Currencies(Match match, ExchangeRateSet? rates) =>
        [.. s_sides.Where(n => match.Groups[n].Success).Select(n => CurrencyOf(match, n)).OfType<string>().Where(c => c != rates?.Base).Distinct()];

    /// <summary>The price in the store's cents: whole unless converted from another currency (rounded by the caller).</summary>
    private static decimal? Amount(Match match, string name, ExchangeRateSet? rates)
    {
        var text = match.Groups[name].Value;
        if (s_european.IsMatch(text))
        {
            if (CurrencyOf(match, name) is null) return null;
            text = text.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        // Without the thousands separators: commas, the spaces of Space, apostrophes.
        text = string.Concat(text.Where(c => c is not (',' or ' ' or '\u00A0' or '\u2009' or '\u202F' or '\'' or '’')));
        // Past a trillion is no price, and 28 digits times a hundred overflowed the decimal.
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000_000_000m) return null;
        if (match.Groups[name + "k"].Success) amount *= 1000;
        var cents = match.Groups[name + "cents"].Success ? amount : amount * 100;
        if (decimal.Round(cents) != cents) return null;
        // Another currency's price in the store's: the rate is units of it per unit of the store's.
        if (CurrencyOf(match, name) is { } currency)
        {
            if (rates?.RateFor(currency) is not { } rate) return null;
            cents /= rate;
        }
        // The price filter's own bounds (SearchRequest): a bigger number is no price anyone means.
        return cents is >= 0 and <= 100_000_000 ? cents : null;
    }

    // Inside a quoted phrase ("under $10" club), the words are what was asked for.
    private static bool InQuotes(string typed, int index)
    {
        var quotes = 0;
        for (var i = 0; i < index; i++) if (typed[i] is '"' or '“' or '”') quotes++;
        return quotes % 2 == 1;
    }

    /// <summary>What the price filter became: "up to $100.00", "from $50.00", "from $50.00 to $100.00".</summary>
    public static string Describe(long? min, long? max) => (min, max) switch
    {
        ({ } lo, { } hi) => $"from {Money.Format(lo)} to {Money.Format(hi)}",
        (null, { } hi) => $"up to {Money.Format(hi)}",
        ({ } lo, null) => $"from {Money.Format(lo)}",
        _ => "any price",
    };
}
