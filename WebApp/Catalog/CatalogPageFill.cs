using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace WebApp.Catalog;

/// <summary>
/// Runs outside the output cache, around every shared catalogue page (cached or just rendered): the page was rendered
/// once for everyone with placeholders, and here this visitor's antiforgery request token (with its cookie, when they
/// have none yet) and cart count take their places. That keeps add-to-cart working without JavaScript, and keeps the
/// cached copy free of anything personal and of Set-Cookie, which the output cache refuses to store.
/// <para>
/// A browser that accepts gzip gets the stored page's gzip copy (<see cref="PageStore"/>): its compressed pieces with
/// this visitor's values between them (see <see cref="GzipPage"/> for why that is safe). A render the cache stores is
/// handed to the store from here, once the token length its copy is made for is known.
/// </para>
/// </summary>
public sealed class CatalogPageFill(RequestDelegate next, CatalogPageCache cache, VisitorValues visitor, PageStore pages, PageShortcut shortcuts)
{
    private static readonly byte[] s_token = Encoding.ASCII.GetBytes(CatalogPageCache.TokenPlaceholder);
    private static readonly byte[] s_cartCount = Encoding.ASCII.GetBytes(CatalogPageCache.CartCountPlaceholder);

    // What every placeholder starts with: one scan of the page for it finds them all.
    private static readonly byte[] s_placeholder = Encoding.ASCII.GetBytes(CommonStart(CatalogPageCache.TokenPlaceholder, CatalogPageCache.CartCountPlaceholder));

    public async Task InvokeAsync(HttpContext context)
    {
        if (!CatalogPageCache.IsCachedPage(context.GetEndpoint()) || !cache.IsShared(context))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        // Which headers are there before the cache: the rest of a hit's are the ones it replayed from its entry.
        var before = PageShortcut.HeaderNames(context.Response.Headers);
        // A pooled buffer: a new 64 KB array per page was the largest garbage of a cached page's visit.
        using var buffer = new PooledBufferStream(64 * 1024);
        context.Response.Body = buffer;
        CatalogPageCache.BeginSharedRender(context);
        try
        {
            await next(context);
        }
        finally
        {
            CatalogPageCache.EndSharedRender(context);
            context.Response.Body = original;
        }

        // Nothing written (a 404 from the page): leave the response unstarted, so the status-code page can still render.
        if (buffer.Length == 0)
        {
            pages.CompletePending(context, 0);
            return;
        }

        var filling = Stopwatch.GetTimestamp();
        var page = buffer.Written;
        var holes = t_holes ?? new List<GzipPage.Hole>(32);
        t_holes = null;
        FindHoles(page.Span, holes);
        var response = context.Response;
        var hit = CatalogPageCache.WasServedFromCache(context);
        var compressible = response.StatusCode == StatusCodes.Status200OK && response.Headers.ContentEncoding.Count == 0;
        var acceptsGzip = compressible && AcceptsGzip(context.Request);
        // Taken before the fill adds its own headers, and only where the shortcut may remember them (a hit).
        var replayed = hit && compressible ? PageShortcut.HeadersAddedSince(response.Headers, before) : null;
        var token = holes.Exists(h => h.Kind == GzipPage.HoleKind.Token) ? visitor.Token(context) : [];
        var count = holes.Exists(h => h.Kind == GzipPage.HoleKind.CartCount) ? await visitor.CartCountAsync(context) : [];
        // The stored page's copy: the one this hit came from, or the one this render just went into. The length is a
        // check that it is this very page (an entry the cache looked up but did not serve is never used).
        var stored = pages.CompletePending(context, token.Length) ?? (hit ? PageStore.NotedFor(context)?.Entry as PageStore.Page : null);
        var gzip = compressible && stored is not null && stored.BodyLength == page.Length ? stored.Copy : null;
        // The pieces live only until they are copied into the pipe below: one list per thread serves every page (a new
        // one was a kilobyte of garbage per page). Taken out of the slot while in use, so an await added later between
        // here and the copy could never hand it to another request on this thread.
        var parts = RentParts();
        try
        {
            long length;
            var fits = gzip is not null && gzip.Fits(token, count);
            if (fits && replayed is not null) shortcuts.Remember(context, replayed);
            if (fits && acceptsGzip)
            {
                length = gzip!.Fill(parts, token, count);
                response.Headers.ContentEncoding = "gzip";
            }
            else
            {
                Fill(parts, page, holes, token, count);
                length = parts.Sum(p => (long)p.Length);
            }
            Write(context, parts, length, filling);
        }
        finally
        {
            ReturnParts(parts);
            holes.Clear();
            t_holes = holes;
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Whether the request accepts gzip: named with a quality above 0, or "*" with one and gzip not named.</summary>
    internal static bool AcceptsGzip(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding;
        if (header.Count == 0 || !StringWithQualityHeaderValue.TryParseList(header, out var codings)) return false;
        double? any = null;
        foreach (var coding in codings)
        {
            if (coding.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase)) return coding.Quality is not <= 0;
            if (coding.Value.Equals("*", StringComparison.Ordinal)) any = coding.Quality ?? 1;
        }
        return any > 0;
    }

    /// <summary>
    /// The fill's headers and the filled page's pieces, into the response's pipe (the caller flushes it once: a write
    /// and flush per piece would send a packet per piece). Also how <see cref="PageShortcut"/> sends a page.
    /// </summary>
    internal static void Write(HttpContext context, List<ReadOnlyMemory<byte>> parts, long length, long filling)
    {
        var response = context.Response;
        // The same address answers gzip or not by this header: a shared cache in between must keep them apart.
        response.Headers.Append(HeaderNames.Vary, "Accept-Encoding");
        WriteHeaders(context, filling);
        if (length > 0 || response.ContentLength is not null) response.ContentLength = length;
        foreach (var part in parts) response.BodyWriter.Write(part.Span);
    }

    internal static List<ReadOnlyMemory<byte>> RentParts()
    {
        var parts = t_parts ?? new List<ReadOnlyMemory<byte>>(64);
        t_parts = null;
        return parts;
    }

    internal static void ReturnParts(List<ReadOnlyMemory<byte>> parts)
    {
        parts.Clear();
        t_parts = parts;
    }

    private static void WriteHeaders(HttpContext context, long filling)
    {
        var headers = context.Response.Headers;
        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            headers[CatalogPageCache.StatusHeader] = CatalogPageCache.WasServedFromCache(context) ? "hit" : "miss";
        }
        // What making the shared page personal cost, in the standard header browsers' developer tools show.
        var fill = string.Create(CultureInfo.InvariantCulture, $"fill;dur={Stopwatch.GetElapsedTime(filling).TotalMilliseconds:0.###}");
        // A stored page's own timing was its first render's: a hit says so and what filling it cost; a render keeps its
        // own (a search's time) and adds the fill's.
        headers["Server-Timing"] = CatalogPageCache.WasServedFromCache(context) ? $"{fill};desc=\"hit\""
            : headers["Server-Timing"] is { Count: > 0 } own ? $"{own}, {fill}" : fill;
    }

    [ThreadStatic]
    private static List<ReadOnlyMemory<byte>>? t_parts;

    [ThreadStatic]
    private static List<GzipPage.Hole>? t_holes;

    // The placeholders in page order, into holes. They are ASCII letters, never overlap and share their start, so one
    // left-to-right pass for that start finds them all; text that merely starts like one is left as it is.
    internal static void FindHoles(ReadOnlySpan<byte> page, List<GzipPage.Hole> holes)
    {
        holes.Clear();
        var at = 0;
        while (page[at..].IndexOf(s_placeholder) is var next and >= 0)
        {
            at += next;
            var rest = page[at..];
            if (rest.StartsWith(s_token)) holes.Add(new GzipPage.Hole(at, s_token.Length, GzipPage.HoleKind.Token));
            else if (rest.StartsWith(s_cartCount)) holes.Add(new GzipPage.Hole(at, s_cartCount.Length, GzipPage.HoleKind.CartCount));
            at += holes.Count > 0 && holes[^1].At == at ? holes[^1].Length : s_placeholder.Length;
        }
    }

    // The page cut at its placeholders, with the visitor's values between the pieces. Also how a plain copy is filled.
    internal static void Fill(List<ReadOnlyMemory<byte>> parts, ReadOnlyMemory<byte> page, IReadOnlyList<GzipPage.Hole> holes, byte[] token, byte[] count)
    {
        parts.Clear();
        var from = 0;
        // By index: a foreach over the interface would box an enumerator on every page sent.
        for (var i = 0; i < holes.Count; i++)
        {
            var hole = holes[i];
            parts.Add(page[from..hole.At]);
            parts.Add(hole.Kind == GzipPage.HoleKind.Token ? token : count);
            from = hole.At + hole.Length;
        }
        parts.Add(page[from..]);
    }

    private static string CommonStart(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return a[..length];
    }
}
