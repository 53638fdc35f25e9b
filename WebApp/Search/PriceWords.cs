using System.Globalization;
using System.Text.RegularExpressions;
using WebApp.Catalog;

namespace WebApp.Search;

/// <summary>
/// A price typed into the search box ("headphones under $100", "desk $150-$300", "lamp $40 and up"): read as the price
/// filter it means, and taken out of the words, which otherwise searched "under" and the number ("$25" found 250 g
/// coffee; a review, session 38). Only a price written as one (a dollar sign, "dollars" or "USD") is read: "tv over
/// 50" and "jigsaw under 1000" are inches and pieces as often as dollars. The page says what it read and links the
/// words as typed (<c>exact=1</c>), which are never read so.
/// </summary>
public sealed record PriceWords(string Typed, IReadOnlyList<string> Phrases, string Remaining, long? MinCents, long? MaxCents)
{
    /// <summary>
    /// A price typed with nothing to say which side of it ("coffee $25"): not searched as a word (no product name holds
    /// a price a shopper would guess), and the page offers the filter either way.
    /// </summary>
    public long? Bare { get; init; }

    /// <summary>The typed minimum is the filter's (no minimum was chosen beside the results).</summary>
    public bool AppliedMin { get; init; }

    /// <summary>The typed maximum is the filter's.</summary>
    public bool AppliedMax { get; init; }

    /// <summary>What the notices say: "“under $100” was read as a price: up to $100.00." (the API's words for a bare price).</summary>
    public string Notice => Bare is { } bare
        ? $"{Quoted} looks like a price, so it was not searched as a word."
        : AppliedMin || AppliedMax
        ? $"{Quoted} {(Phrases.Count == 1 ? "was" : "were")} read as a price: {Describe(AppliedMin ? MinCents : null, AppliedMax ? MaxCents : null)}."
        : $"{Quoted} {(Phrases.Count == 1 ? "was" : "were")} read as a price, but the price chosen beside the results is used.";

    // The phrases as the notices quote them: "“under $50” and “over $20”" for a range typed apart.
    private string Quoted => string.Join(" and ", Phrases.Select(p => $"“{SearchText.Shown(p)}”"));

    private const string Number = @"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?";

    // One price: a sign before it, a unit after it, or both (checked in code: at least one of them, per phrase).
    private static string Price(string name) =>
        $@"(?<{name}sign>(?:us\s?)?[$＄]\s?|usd\s?)?(?<{name}>{Number})(?<{name}k>k)?(?<{name}unit>\s?(?:dollars?|usd|bucks))?(?![\w$＄]|[.,]\d)";

    // Not inside a word or a number, nor a price left out ("lamp -$50").
    private const string Before = @"(?<![\w$＄.,-])";

    // In the order tried: a range, a price with "and up" or "or less" after it, then one with "under" or "over" before it.
    private static readonly Regex[] s_forms =
    [
        Form(Before + @"(?:(?<between>between)\s+|from\s+)?" + Price("a") + @"\s*(?:-|–|—|\bto\b|(?<and>\band\b))\s*" + Price("b")),
        Form(Before + Price("a") + @"\s*(?:(?<max>(?:and|or)\s+(?:under|less|below|lower|cheaper))|(?<min>\+|(?:and|or)\s+(?:up|over|more|above|higher)))(?!\w)"),
        Form(Before + @"(?:(?<max>under|below|less\s+than|cheaper\s+than|up\s*to|at\s+most|no\s+more\s+than|max(?:imum)?|<=?|≤)|(?<min>over|above|more\s+than|at\s+least|from|starting\s+at|min(?:imum)?|>=?|≥))\s*" + Price("a")),
    ];

    // A price alone ("coffee $25"): no filter is guessed from it, one is offered (Bare).
    private static readonly Regex s_alone = Form(Before + Price("a"));

    // Every price phrase holds one of these (a sign, or "dollars", "usd"): most searches are passed over unmatched.
    private static readonly System.Buffers.SearchValues<char> s_marks = System.Buffers.SearchValues.Create("$＄dDuU");

    private static Regex Form(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromMilliseconds(50));

    /// <summary>
    /// The price phrase in <paramref name="typed"/> outside quotes, or null when it holds none. A bound and the other one
    /// apart ("lamp under $50 over $20") are one range, as they are one filter.
    /// </summary>
    public static PriceWords? Read(string typed)
    {
        if (typed.Length == 0 || typed.Length > SearchText.MaxInputLength || !typed.AsSpan().ContainsAny(s_marks)) return null;
        try
        {
            if (Bounds(typed) is { } first)
            {
                if (first.MinCents is null == first.MaxCents is null || Bounds(first.Remaining) is not { } second
                    || second.MinCents is not null == first.MinCents is not null || second.MaxCents is not null == first.MaxCents is not null)
                {
                    return first;
                }
                var (min, max) = (first.MinCents ?? second.MinCents, first.MaxCents ?? second.MaxCents);
                return new PriceWords(typed, [.. first.Phrases, .. second.Phrases], second.Remaining, min <= max ? min : max, min <= max ? max : min);
            }
            // Two prices that are no range ("$500 and $900") say nothing one could be read as.
            var alone = s_alone.Matches(typed).Where(m => !InQuotes(typed, m.Index) && Marked(m, "a") && Amount(m, "a") is > 0).Take(2).ToList();
            if (alone is [var one]) return new PriceWords(typed, [one.Value.Trim()], Without(typed, one), null, null) { Bare = Amount(one, "a") };
        }
        catch (RegexMatchTimeoutException)
        {
            // A crafted string that makes the patterns backtrack is searched as words, as before.
        }
        return null;
    }

    // The first phrase that says a bound: a range, a price with "and up" after it, or one with "under" before it.
    private static PriceWords? Bounds(string typed)
    {
        foreach (var form in s_forms)
        {
            for (var match = form.Match(typed); match.Success; match = match.NextMatch())
            {
                if (InQuotes(typed, match.Index) || Read(match) is not { } bounds) continue;
                return new PriceWords(typed, [match.Value.Trim()], Without(typed, match), bounds.Min, bounds.Max);
            }
        }
        return null;
    }

    private static string Without(string typed, Match match) =>
        (typed[..match.Index].TrimEnd() + " " + typed[(match.Index + match.Length)..].TrimStart()).Trim();

    private static (long? Min, long? Max)? Read(Match match)
    {
        var a = Amount(match, "a");
        var hasB = match.Groups["b"].Success;
        var b = hasB ? Amount(match, "b") : null;
        if (a is null || hasB && b is null) return null;
        var marked = Marked(match, "a") || hasB && Marked(match, "b");
        if (!marked) return null;
        if (hasB)
        {
            // "between $50 and $100", never "$50 and $100" (two prices a shopper is comparing, or words).
            if (match.Groups["and"].Success && !match.Groups["between"].Success) return null;
            return a <= b ? (a, b) : (b, a);
        }
        if (match.Groups["max"].Success) return (null, a);
        if (match.Groups["min"].Success) return (a, null);
        return null;
    }

    private static bool Marked(Match match, string name) => match.Groups[name + "sign"].Success || match.Groups[name + "unit"].Success;

    private static long? Amount(Match match, string name)
    {
        var text = match.Groups[name].Value.Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars)) return null;
        if (match.Groups[name + "k"].Success) dollars *= 1000;
        var cents = dollars * 100;
        // The price filter's own bounds (SearchRequest): a bigger number is no price anyone means.
        return cents is >= 0 and <= 100_000_000 && decimal.Round(cents) == cents ? (long)cents : null;
    }

    // Inside a quoted phrase ("under $10 club"), the words are what was asked for.
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
