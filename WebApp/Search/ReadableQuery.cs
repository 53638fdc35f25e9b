using System.Net;
using System.Text;

namespace WebApp.Search;

/// <summary>
/// A query value whose percent-escapes are not UTF-8 (<c>%E0%A4%A</c>, or <c>caf%E9</c> from a client writing Latin-1)
/// is left undecoded by the framework, so <c>/search?q=%E0%A4%A</c> searched the words "e0 a4 a" and showed 75 A4
/// journals, and <c>%ED%A0%80</c> desks of "140 x 80 cm" (an outside review, session 52). Each such part is read here as
/// a browser shows it, UTF-8 with U+FFFD for the bytes that are not, before anything reads the query; the search then
/// sees no letters in them. A query without a '%' (nearly every one) costs one scan of its text.
/// </summary>
public static class ReadableQuery
{
    public static IApplicationBuilder UseReadableQuery(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.QueryString.Value is { } raw && raw.Contains('%', StringComparison.Ordinal) && Mended(raw) is { } mended)
        {
            context.Request.QueryString = new QueryString(mended);
        }
        return next(context);
    });

    /// <summary>The query string (with its '?') with every part that does not decode as UTF-8 re-escaped as read; null when none.</summary>
    internal static string? Mended(string raw)
    {
        var pairs = raw.TrimStart('?').Split('&');
        var changed = false;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (!pairs[i].Contains('%', StringComparison.Ordinal)) continue;
            var equals = pairs[i].IndexOf('=', StringComparison.Ordinal);
            var (name, value) = equals < 0 ? (pairs[i], null) : (pairs[i][..equals], pairs[i][(equals + 1)..]);
            var (readName, readValue) = (Mend(name), value is null ? null : Mend(value));
            if (readName is null && readValue is null) continue;
            pairs[i] = (readName ?? name) + (value is null ? "" : "=" + (readValue ?? value));
            changed = true;
        }
        return changed ? "?" + string.Join('&', pairs) : null;
    }

    // Null when the part decodes as UTF-8 already (the framework reads it right).
    private static string? Mend(string part)
    {
        if (!part.Contains('%', StringComparison.Ordinal)) return null;
        var encoded = Encoding.UTF8.GetBytes(part);
        var bytes = WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? null : Uri.EscapeDataString(Encoding.UTF8.GetString(bytes));
    }
}
