using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace WebApp.Pages;

/// <summary>
/// A moment shown to a shopper: written in UTC by the server, which does not know the shopper's time zone, and shown
/// in the browser's own zone by site.js ("6 Dec 2026, 02:30 GMT+9"), the UTC text kept as its title. An order placed
/// late in the evening in New York read as the next day's (session 45). Without JavaScript the UTC text stays, saying so.
/// Admin pages keep UTC throughout: their filters, exports and dashboard days are UTC days.
/// </summary>
public static class LocalTime
{
    public static IHtmlContent Of(DateTime utc)
    {
        // SQLite hands back times without a kind: they are stored in UTC.
        var at = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var text = at.ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";
        var machine = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{machine}\" data-local>{HtmlEncoder.Default.Encode(text)}</time>");
    }
}
