using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages.Products;

public sealed class ShowModel(ProductCards cards, StoreDbContext db, CategoryTree tree) : PageModel
{
    public sealed record Details(int Id, string Sku, string Name, string Slug, string Description, long PriceCents, int Stock,
        double RatingAverage, int RatingCount, DateTime UpdatedAt, int CategoryId, string BrandName, string? PhotoFile)
    {
        public string ImageUrl => ProductCard.ImageUrlFor(Id, UpdatedAt, PhotoFile);
    }

    public Details Product { get; private set; } = null!;
    public CategoryNode? Category { get; private set; }
    public IReadOnlyList<ProductCard> Related { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, string? slug, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking()
            .Where(p => p.Id == id && p.IsActive)
            .Select(p => new Details(p.Id, p.Sku, p.Name, p.Slug, p.Description, p.PriceCents, p.Stock,
                p.RatingAverage, p.RatingCount, p.UpdatedAt, p.CategoryId, p.Brand!.Name,
                db.ProductPhotos.Where(ph => ph.ProductId == p.Id && ph.IsPrimary).Select(ph => ph.FileName).FirstOrDefault()))
            .FirstOrDefaultAsync(ct);
        if (product is null) return NotFound();

        // One canonical address per product: a stale or missing slug redirects instead of duplicating the page.
        if (slug != product.Slug) return RedirectPermanent(WebApp.Catalog.Product.UrlFor(product.Id, product.Slug));

        Product = product;
        Category = (await tree.GetAsync()).ById.GetValueOrDefault(product.CategoryId);
        var related = await db.Database.SqlQueryRaw<int>(
            "SELECT Id AS Value FROM Products WHERE IsActive = 1 AND CategoryId = {0} AND Id <> {1} ORDER BY RatingAverage DESC, RatingCount DESC, Id DESC LIMIT 4",
            product.CategoryId, product.Id).ToListAsync(ct);
        Related = await cards.LoadAsync(db, related, ct);
        return Page();
    }
}
