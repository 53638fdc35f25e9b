using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages;

public sealed class IndexModel(ProductCards cards, StoreDbContext db, CategoryTree tree) : PageModel
{
    public IReadOnlyList<CategoryNode> Departments { get; private set; } = [];
    public IReadOnlyList<ProductCard> NewArrivals { get; private set; } = [];
    public IReadOnlyList<ProductCard> BestRated { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Departments = (await tree.GetAsync()).Departments;
        // Raw SQL so the predicate matches the partial indexes' "IsActive" = 1 and the planner walks them, reading 8 rows.
        var newest = await db.Database.SqlQueryRaw<int>(
            "SELECT Id AS Value FROM Products WHERE IsActive = 1 ORDER BY CreatedAt DESC, Id DESC LIMIT 8").ToListAsync(ct);
        // Best rated needs enough reviews to mean something: a single 5-star review is not "best".
        var best = await db.Database.SqlQueryRaw<int>(
            "SELECT Id AS Value FROM Products WHERE IsActive = 1 AND RatingCount >= 50 ORDER BY RatingAverage DESC, RatingCount DESC LIMIT 8").ToListAsync(ct);
        NewArrivals = await cards.LoadAsync(db, newest, ct);
        BestRated = await cards.LoadAsync(db, best, ct);
        WebApp.Catalog.CatalogPageCache.StoreOnlyIfCanonical(HttpContext, "/", []);
    }
}
