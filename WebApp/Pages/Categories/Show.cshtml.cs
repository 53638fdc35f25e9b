using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages.Categories;

public sealed class ShowModel(ProductCards cards, StoreDbContext db, CategoryTree tree) : PageModel
{
    public const int PageSize = 24;

    /// <summary>Sort keys and the ORDER BY each one means. Only these strings ever reach SQL.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, string OrderBy)> Sorts =
    [
        ("rating", "Top rated", "RatingAverage DESC, RatingCount DESC, Id DESC"),
        ("price-asc", "Price: low to high", "PriceCents, Id"),
        ("price-desc", "Price: high to low", "PriceCents DESC, Id DESC"),
        ("newest", "Newest", "CreatedAt DESC, Id DESC"),
    ];

    public CategoryNode Category { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public int Total { get; private set; }
    public int TotalPages { get; private set; }

    public string Sort { get; private set; } = "";
    public int PageNumber { get; private set; } = 1;

    // "page" is also Razor Pages' own route value (the page's name), so it is read from the query string explicitly.
    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] string? sort, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        if (!(await tree.GetAsync()).BySlug.TryGetValue(slug, out var category)) return NotFound();
        Category = category;

        var order = Sorts.FirstOrDefault(s => s.Key == sort);
        if (order.Key is null) order = Sorts[0];
        Sort = order.Key;
        PageNumber = Math.Max(1, pageNumber ?? 1);

        // Departments and leaves each have their own column, so their listing is one partial index walked in sort order.
        // Skipping to page N is then an index-only walk over N*24 entries (no table reads, no sort), which stays in
        // the low milliseconds even on the last page of a 100k-product department.
        var filter = category switch
        {
            { IsDepartment: true } => "DepartmentId = {0}",
            { Children.Count: 0 } => "CategoryId = {0}",
            _ => "CategoryId IN (" + string.Join(',', category.SelfAndDescendants().Select(c => c.Id)) + ") AND {0} = {0}",
        };
        var countSql = "SELECT COUNT(*) AS Value FROM Products WHERE IsActive = 1 AND " + filter;
        Total = await db.Database.SqlQueryRaw<int>(countSql, category.Id).SingleAsync(ct);
        TotalPages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        if (PageNumber > TotalPages) return NotFound();

        var pageSql = "SELECT Id AS Value FROM Products WHERE IsActive = 1 AND " + filter + " ORDER BY " + order.OrderBy + " LIMIT {1} OFFSET {2}";
        var ids = await db.Database.SqlQueryRaw<int>(pageSql, category.Id, PageSize, (PageNumber - 1) * PageSize).ToListAsync(ct);
        Products = await cards.LoadAsync(db, ids, ct);
        return Page();
    }

    public string UrlFor(int page, string? sort = null) =>
        $"/categories/{Category.Slug}?sort={sort ?? Sort}" + (page > 1 ? $"&page={page.ToString(CultureInfo.InvariantCulture)}" : "");
}
