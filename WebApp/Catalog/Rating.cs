using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace WebApp.Catalog;

/// <summary>
/// The stars and review count shown on product tiles and pages. A method, not a partial view: a grid renders it 24
/// times, and each partial render costs a view lookup and a ViewData copy, a visible share of a cached search page.
/// Only numbers go into the markup, so nothing needs encoding. The label sits on a <c>role="img"</c>: ARIA forbids
/// naming a plain span, and screen readers would skip it.
/// </summary>
public static class Rating
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");

    public static IHtmlContent Html(double average, int count)
    {
        if (count == 0) return new HtmlString("<span class=\"rating text-body-secondary small\">No reviews yet</span>");
        var full = Math.Clamp((int)Math.Round(average), 0, 5);
        var score = average.ToString("0.0", s_culture);
        var reviews = count.ToString("N0", s_culture);
        return new HtmlString(
            $"<span class=\"rating small\" role=\"img\" aria-label=\"Rated {score} out of 5 from {reviews} {(count == 1 ? "review" : "reviews")}\">" +
            $"<span class=\"stars\" aria-hidden=\"true\">{new string('★', full)}<span class=\"stars-off\">{new string('★', 5 - full)}</span></span> " +
            $"<span aria-hidden=\"true\">{score} ({reviews})</span></span>");
    }
}
