using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace WebApp.Catalog;

/// <summary>
/// The stars and review count shown on product tiles and pages. Code, not a partial view: a grid writes it 24 times
/// (<see cref="ProductTiles"/>), and each partial render costs a view lookup and a ViewData copy. Only numbers go into
/// the markup, so nothing needs encoding. The label sits on a <c>role="img"</c>: ARIA forbids naming a plain span, and
/// screen readers would skip it.
/// </summary>
public static class Rating
{
    private static readonly CultureInfo s_culture = CultureInfo.GetCultureInfo("en-US");
    private const string NoReviews = "<span class=\"rating text-body-secondary small\">No reviews yet</span>";

    // The stars for 0-5 full ones, made once.
    private static readonly string[] s_stars = [.. Enumerable.Range(0, 6).Select(full =>
        $"<span class=\"stars\" aria-hidden=\"true\">{new string('★', full)}<span class=\"stars-off\">{new string('★', 5 - full)}</span></span> ")];

    public static IHtmlContent Html(double average, int count) => count == 0 ? new HtmlString(NoReviews) : new Stars(average, count);

    private sealed class Stars(double average, int count) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, System.Text.Encodings.Web.HtmlEncoder encoder) => Write(writer, average, count);
    }

    public static void Write(TextWriter w, double average, int count)
    {
        if (count == 0)
        {
            w.Write(NoReviews);
            return;
        }
        Span<char> score = stackalloc char[8];
        average.TryFormat(score, out var scoreLength, "0.0", s_culture);
        score = score[..scoreLength];
        Span<char> reviews = stackalloc char[16];
        count.TryFormat(reviews, out var reviewsLength, "N0", s_culture);
        reviews = reviews[..reviewsLength];

        w.Write("<span class=\"rating small\" role=\"img\" aria-label=\"Rated ");
        w.Write(score);
        w.Write(" out of 5 from ");
        w.Write(reviews);
        w.Write(count == 1 ? " review\">" : " reviews\">");
        w.Write(s_stars[Math.Clamp((int)Math.Round(average), 0, 5)]);
        w.Write("<span aria-hidden=\"true\">");
        w.Write(score);
        w.Write(" (");
        w.Write(reviews);
        w.Write(")</span></span>");
    }
}
