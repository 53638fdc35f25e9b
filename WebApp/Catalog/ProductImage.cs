using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Catalog;

/// <summary>
/// Product pictures without an image service: an SVG drawn from the product's name and its department's colour. The URL
/// carries the product's last update, so the response can be cached for a year and still change when the product does.
/// </summary>
public static class ProductImage
{
    public static string UrlFor(int productId, DateTime updatedAt) =>
        $"/products/{productId}/image.svg?v={updatedAt.Ticks.ToString(CultureInfo.InvariantCulture)}";

    public static IEndpointRouteBuilder MapProductImages(this IEndpointRouteBuilder app)
    {
        // HEAD too: without it a HEAD fell through to the product page's {slug} route and was redirected there.
        app.MapMethods("/products/{id:int}/image.svg", [HttpMethods.Get, HttpMethods.Head], async (int id, StoreDbContext db, CategoryTree tree, HttpContext http, CancellationToken ct) =>
        {
            var product = await db.Products.AsNoTracking()
                .Where(p => p.Id == id)
                .Select(p => new { p.Name, p.CategoryId, Brand = p.Brand!.Name, p.IsActive })
                .FirstOrDefaultAsync(ct);
            // A hidden product's picture names it: only admins (who list hidden products) may see it, and nobody caches it.
            if (product is null || (!product.IsActive && !http.User.IsInRole(WebApp.Accounts.Roles.Admin))) return Results.NotFound();

            var categories = await tree.GetAsync();
            var category = categories.ById.GetValueOrDefault(product.CategoryId);
            http.Response.Headers.CacheControl = product.IsActive ? "public, max-age=31536000, immutable" : "private, no-store";
            return Results.Text(Render(product.Name, product.Brand, category?.Name ?? "", category?.Color ?? "#64748b"), "image/svg+xml");
        });
        return app;
    }

    public static string Render(string name, string brand, string category, string color)
    {
        var initials = string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => char.IsLetter(w[0])).Take(2).Select(w => char.ToUpperInvariant(w[0])));
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-label="{WebUtility.HtmlEncode(name)}">
              <defs>
                <linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
                  <stop offset="0" stop-color="{color}" stop-opacity="0.18"/>
                  <stop offset="1" stop-color="{color}" stop-opacity="0.42"/>
                </linearGradient>
              </defs>
              <rect width="400" height="300" fill="#f8fafc"/>
              <rect width="400" height="300" fill="url(#g)"/>
              <circle cx="200" cy="135" r="70" fill="{color}" opacity="0.9"/>
              <text x="200" y="157" text-anchor="middle" font-family="system-ui, sans-serif" font-size="60" font-weight="700" fill="#fff">{WebUtility.HtmlEncode(initials)}</text>
              <text x="200" y="250" text-anchor="middle" font-family="system-ui, sans-serif" font-size="20" font-weight="600" fill="#1e293b">{WebUtility.HtmlEncode(brand)}</text>
              <text x="200" y="276" text-anchor="middle" font-family="system-ui, sans-serif" font-size="14" fill="#475569">{WebUtility.HtmlEncode(category)}</text>
            </svg>
            """;
    }
}
