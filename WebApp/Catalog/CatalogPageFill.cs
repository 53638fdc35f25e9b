using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using WebApp.Accounts;
using WebApp.Cart;

namespace WebApp.Catalog;

/// <summary>
/// Runs outside the output cache, around every shared catalogue page (cached or just rendered): the page was rendered
/// once for everyone with placeholders, and here this visitor's antiforgery request token (with its cookie, when they
/// have none yet) and cart count take their places. That keeps add-to-cart working without JavaScript, and keeps the
/// cached copy free of anything personal and of Set-Cookie, which the output cache refuses to store.
/// </summary>
public sealed class CatalogPageFill(RequestDelegate next, CatalogPageCache cache, VisitorTokens tokens)
{
    private static readonly byte[] s_token = Encoding.ASCII.GetBytes(CatalogPageCache.TokenPlaceholder);
    private static readonly byte[] s_cartCount = Encoding.ASCII.GetBytes(CatalogPageCache.CartCountPlaceholder);

    // What every placeholder starts with: one scan of the page for it finds them all.
    private static readonly byte[] s_placeholder = Encoding.ASCII.GetBytes(CommonStart(CatalogPageCache.TokenPlaceholder, CatalogPageCache.CartCountPlaceholder));

    public async Task InvokeAsync(HttpContext context, CartService carts, CurrentShopper shopper)
    {
        if (!CatalogPageCache.IsCachedPage(context.GetEndpoint()) || !cache.IsShared(context))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
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
        if (buffer.Length == 0) return;

        var filling = Stopwatch.GetTimestamp();
        var page = buffer.Written;
        var token = page.Span.IndexOf(s_token) >= 0 ? Encoding.ASCII.GetBytes(tokens.RequestToken(context)) : null;
        var count = page.Span.IndexOf(s_cartCount) >= 0
            ? Encoding.ASCII.GetBytes((await carts.CountAsync(shopper.CartOwner, context.RequestAborted)).ToString(CultureInfo.InvariantCulture))
            : null;
        // The pieces live only until they are copied into the pipe below: one list per thread serves every page (a new
        // one was a kilobyte of garbage per page). Taken out of the slot while in use, so an await added later between
        // here and the copy could never hand it to another request on this thread.
        var parts = t_parts ?? new List<ReadOnlyMemory<byte>>(64);
        t_parts = null;
        try
        {
            Fill(parts, page, token, count);
            WriteHeaders(context, filling);
            var length = parts.Sum(p => (long)p.Length);
            if (length > 0 || context.Response.ContentLength is not null) context.Response.ContentLength = length;
            // Into the response's pipe and flushed once: a write per piece would send a packet per piece.
            foreach (var part in parts) context.Response.BodyWriter.Write(part.Span);
        }
        finally
        {
            parts.Clear();
            t_parts = parts;
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
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

    // The page cut at its placeholders, with the visitor's values between the pieces. Placeholders are ASCII letters,
    // never overlap and share their start, so one left-to-right pass for that start finds them all.
    private static void Fill(List<ReadOnlyMemory<byte>> parts, ReadOnlyMemory<byte> page, byte[]? token, byte[]? count)
    {
        parts.Clear();
        var from = 0;
        var at = 0;
        while (true)
        {
            var next = page.Span[at..].IndexOf(s_placeholder);
            if (next < 0)
            {
                parts.Add(page[from..]);
                return;
            }
            at += next;
            var rest = page.Span[at..];
            var (placeholder, value) = rest.StartsWith(s_token) ? (s_token, token)
                : rest.StartsWith(s_cartCount) ? (s_cartCount, count)
                : (s_placeholder, null);
            if (value is null)
            {
                // Text that merely starts like a placeholder, or a placeholder with nothing to put in (none on the page was asked for).
                at += placeholder.Length;
                continue;
            }
            parts.Add(page[from..at]);
            parts.Add(value);
            at += placeholder.Length;
            from = at;
        }
    }

    private static string CommonStart(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return a[..length];
    }
}
