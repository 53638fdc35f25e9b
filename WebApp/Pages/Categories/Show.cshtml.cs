using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages.Categories;

public sealed class ShowModel(ProductCards cards, StoreDbContext db, CategoryTree tree) : PageModel
{
    public CategoryNode Category { get; private set; } = null!;
    public IReadOnlyList<ProductCard> Products { get; private set; } = [];
    public int Total { get; private set; }
    public int TotalPages { get; private set; }

    public ProductSort Sort { get; private set; } = ProductSort.Rating;
    public int PageNumber { get; private set; } = 1;

    // "page" is also Razor Pages' own route value (the page's name), so it is read from the query string explicitly.
    public async Task<IActionResult> OnGetAsync(string slug, [FromQuery] string? sort, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        if (!(await tree.GetAsync()).BySlug.TryGetValue(slug, out var category)) return NotFound();
        Category = category;

        Sort = ProductSort.Resolve(sort, hasWords: false);
        PageNumber = Math.Max(1, pageNumber ?? 1);

        // Departments and leaves each have their own column, so their listing is one partial index walked in sort order.
        // Skipping to page N is then an index-only walk over the entries before it (no table reads, no sort), cheap even
        // on the last page of a 100k-product department.
        var filter = category switch
        {
            { IsDepartment: true } => "DepartmentId = {0}",
            { Children.Count: 0 } => "CategoryId = {0}",
            _ => "CategoryId IN (" + string.Join(',', category.SelfAndDescendants().Select(c => c.Id)) + ") AND {0} = {0}",
        };
        var countSql = "SELECT COUNT(*) AS Value FROM Products WHERE IsActive = 1 AND " + filter;
        Total = await db.Database.SqlQueryRaw<int>(countSql, category.Id).SingleAsync(ct);
        TotalPages = Pager.PagesFor(Total);
        if (PageNumber > TotalPages) return NotFound();

        var pageSql = "SELECT Id AS Value FROM Products WHERE IsActive = 1 AND " + filter + " ORDER BY " + Sort.OrderBy + " LIMIT {1} OFFSET {2}";
        var ids = await db.Database.SqlQueryRaw<int>(pageSql, category.Id, Pager.PageSize, Pager.Skip(PageNumber)).ToListAsync(ct);
        Products = await cards.LoadAsync(db, ids, ct);
        return Page();
    }

    public string UrlFor(int page, string? sort = null) =>
        $"{Category.Url}?sort={sort ?? Sort.Key}" + (page > 1 ? $"&page={page.ToString(CultureInfo.InvariantCulture)}" : "");
}
