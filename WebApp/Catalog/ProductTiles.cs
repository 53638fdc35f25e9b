using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using WebApp.Currency;

namespace WebApp.Catalog;

/// <summary>
/// The tiles of a product grid, written straight to the response. A grid is most of a listing's HTML (24 tiles, three
/// quarters of a search page), and as Razor markup each tile cost some thirty buffered writes, a tag helper run for its
/// price, and a new string for each URL and for the stars: measured, the render was a bigger share of a computed search
/// than the search. Here a tile is the same markup written piece by piece from strings the card already holds, with
/// numbers formatted on the stack, and only the grid's one object allocated. Every value is HTML-encoded by the view's
/// encoder, as Razor would.
/// <para>
/// One form holds the grid, with the antiforgery token, quantity and return address once; each tile's "Add to cart" is
/// a submit button that sends its product's id (<c>name="ProductId"</c>), which browsers send for the button pressed,
/// script or no script. A form per tile repeated those fields 24 times: ~7 KB of a listing's 45, and 24 holes in a
/// cached page's gzip copy (<see cref="GzipPage"/>), each splitting its compression, where now there is one.
/// </para>
/// </summary>
public sealed class ProductTiles(IReadOnlyList<ProductCard> cards, string? requestToken, string returnUrl, ShopperCurrency shopper,
    (int ProductId, string Message, bool IsError)? added = null) : IHtmlContent
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The grid for this request: the visitor's token (a placeholder on a shared render) when a tile can be added to the
    /// cart, and their display currency. Written inline by the pages rather than through a partial view, whose lookup,
    /// activation and buffer cost a listing more than the tiles' own writing.
    /// </summary>
    public static ProductTiles For(HttpContext context, IReadOnlyList<ProductCard> cards)
    {
        var services = context.RequestServices;
        var token = cards.Any(p => p.Stock > 0) ? services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken : null;
        // An add-to-cart sent without script comes back here: its message goes on the product's tile (never on a shared
        // render, which is made only for visitors with no message waiting).
        var added = CatalogPageCache.IsRenderingShared(context) ? null
            : WebApp.Pages.Flash.TakeFor(context, services.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context), cards.Select(c => c.Id));
        return new ProductTiles(cards, token, CatalogPageCache.ReturnUrl(context), services.GetRequiredService<CurrencyChoice>().For(context), added);
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        // No form where no tile has a button (nothing in stock): no token to make or fill.
        var form = requestToken is not null && cards.Any(p => p.Stock > 0);
        if (form)
        {
            writer.Write("<form method=\"post\" action=\"/cart?handler=Add\" data-cart-form>\n<input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"");
            encoder.Encode(writer, requestToken!);
            writer.Write("\" />\n<input type=\"hidden\" name=\"Quantity\" value=\"1\" />\n<input type=\"hidden\" name=\"ReturnUrl\" value=\"");
            encoder.Encode(writer, returnUrl);
            writer.Write("\" />\n");
        }
        writer.Write("<ul class=\"product-grid list-unstyled\">\n");
        foreach (var p in cards) WriteTile(writer, encoder, p, form);
        writer.Write("</ul>\n");
        if (form) writer.Write("</form>\n");
    }

    // The product and picture addresses are ProductCard.Url and ImageUrl written without their strings;
    // ProductTilesTests compares the two, so a change to either rule that misses this one fails there.
    private void WriteTile(TextWriter w, HtmlEncoder e, ProductCard p, bool form)
    {
        w.Write("<li class=\"product-card\">\n<a class=\"product-card-link\" href=\"/products/");
        WriteNumber(w, p.Id);
        w.Write('/');
        e.Encode(w, p.Slug);
        w.Write("\">\n<img src=\"");
        if (p.PhotoFile is null)
        {
            w.Write("/products/");
            WriteNumber(w, p.Id);
            w.Write("/image.svg?v=");
            WriteNumber(w, p.UpdatedAt.Ticks);
        }
        else
        {
            w.Write("/media/");
            e.Encode(w, p.PhotoFile);
        }
        w.Write("\" alt=\"\" width=\"400\" height=\"300\" loading=\"lazy\" />\n<span class=\"product-card-brand\">");
        e.Encode(w, p.BrandName);
        w.Write("</span>\n<span class=\"product-card-name\">");
        e.Encode(w, p.Name);
        w.Write("</span>\n</a>\n<div class=\"product-card-meta\">\n<span class=\"price\">");
        Price.Write(w, e, p.PriceCents, shopper, detailed: false);
        w.Write("</span>\n");
        Rating.Write(w, p.RatingAverage, p.RatingCount);
        w.Write("\n</div>\n<div class=\"product-card-foot\">\n<span class=\"small ");
        w.Write(StockStatus.CssClass(p.Stock));
        w.Write("\">");
        if (p.Stock is > 0 and <= StockStatus.LowStockThreshold)
        {
            w.Write("Only ");
            WriteNumber(w, p.Stock);
            w.Write(" left");
        }
        else w.Write(StockStatus.Describe(p.Stock));
        w.Write("</span>\n");
        if (form && p.Stock > 0)
        {
            // The accessible name starts with the visible words (WCAG 2.5.3), so "click Add to cart" works by voice.
            w.Write("<button type=\"submit\" name=\"ProductId\" value=\"");
            WriteNumber(w, p.Id);
            w.Write("\" class=\"btn btn-sm btn-outline-primary\">Add to cart<span class=\"visually-hidden\">: ");
            e.Encode(w, p.Name);
            w.Write("</span></button>\n");
        }
        w.Write("</div>\n");
        if (added is { } message && message.ProductId == p.Id)
        {
            // The layout's message, moved here; the same words and links. The address's fragment brings the browser to it.
            w.Write("<p id=\"");
            w.Write(WebApp.Pages.Flash.InPlaceId);
            w.Write(message.IsError ? "\" class=\"tile-message alert alert-danger small mb-0\" role=\"alert\" data-testid=\"flash\">" : "\" class=\"tile-message alert alert-success small mb-0\" role=\"status\" data-testid=\"flash\">");
            e.Encode(w, message.Message);
            if (!message.IsError) w.Write(" <a href=\"/cart\" class=\"alert-link\">View cart</a> <a href=\"/checkout\" class=\"alert-link\">Check out</a>");
            w.Write("</p>\n");
        }
        w.Write("</li>\n");
    }

    internal static void WriteNumber(TextWriter w, long value)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out var length, default, s_invariant);
        w.Write(digits[..length]);
    }
}
