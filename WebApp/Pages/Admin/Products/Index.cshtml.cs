using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Catalog;
using WebApp.Data;
using WebApp.Search;

namespace WebApp.Pages.Admin.Products;

/// <summary>
/// Every product, active or not, filtered and sorted, at a million rows. Counts come from the in-memory facts
/// (<see cref="ProductFacts"/>) where they know them, else stop at <see cref="CountCap"/>. Then one of two plans: up to
/// <see cref="SortedUpTo"/> matches are read through the filter's own index (brand, leaf category, the inactive few,
/// a text search's ids) and sorted; more are found by walking the sort key's index (Id, Name, Stock, PriceCents: see
/// <see cref="StoreDbContext"/>), which also holds every filtered column, so the walk never reads the table. A page
/// in the far half is read from the other end, so the last page costs what the first does. Text goes through the
/// store's full-text index (<see cref="FullTextIndex"/>), which holds active products; inactive ones are found by exact
/// SKU, or by name when the list is narrowed to inactive.
/// </summary>
public sealed class IndexModel(StoreDbContext db, FullTextIndex index, CategoryTree tree, ProductFacts facts) : PageModel
{
    public const int PageSize = 50;
    public const int CountCap = 10_000;
    public const int LowStock = 5;

    /// <summary>
    /// At most this many matches are read through the filter's own index and sorted; more are found by walking the sort
    /// key's index in order, checking the filters inside it, until the page is reached.
    /// </summary>
    public const int SortedUpTo = 30_000;

    public static readonly (string Key, string Label, string OrderBy, string Index)[] Sorts =
    [
        ("newest", "Newest first", "Id DESC", "IX_Products_Admin_Id"),
        ("oldest", "Oldest first", "Id ASC", "IX_Products_Admin_Id"),
        ("name", "Name A-Z", "Name ASC, Id ASC", "IX_Products_Admin_Name"),
        ("price", "Price, low to high", "PriceCents ASC, Id ASC", "IX_Products_Admin_Price"),
        ("price-desc", "Price, high to low", "PriceCents DESC, Id DESC", "IX_Products_Admin_Price"),
        ("stock", "Stock, lowest first", "Stock ASC, Id ASC", "IX_Products_Admin_Stock"),
    ];

    public sealed record Row(int Id, string Sku, string Name, string Slug, long PriceCents, int Stock, bool IsActive, string Brand, string Category);

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public int? Brand { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stock { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    public int PageNumber { get; private set; } = 1;

    public List<Row> Rows { get; } = [];
    public int Total { get; private set; }
    public bool TotalIsCapped { get; private set; }
    public Pager Pager { get; private set; } = null!;
    /// <summary>Said when the list shows another page than the address asked for (<see cref="Pager.Notice"/>).</summary>
    public string? PageNotice { get; private set; }
    public CategoryTree.Snapshot Categories { get; private set; } = null!;
    public List<(int Id, string Name)> Brands { get; private set; } = [];
    /// <summary>
    /// Filter values no list offers (typed into the address: category=abc, status=weird), each said and left out. They
    /// were left out without a word, so the list of every product read as the filtered one; the orders list names them
    /// (an outside review, session 45).
    /// </summary>
    public List<string> FilterNotices { get; } = [];

    public bool HasFilters => !string.IsNullOrWhiteSpace(Q) || Category is not null || Brand is not null || Status is "active" or "inactive" || Stock is "low" or "out";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        Categories = await tree.GetAsync();
        Brands = await db.Brands.AsNoTracking().OrderBy(b => b.Name).Select(b => new ValueTuple<int, string>(b.Id, b.Name)).ToListAsync(ct);
        if (ModelState.GetValidationState(nameof(Category)) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid) FilterNotices.Add("That category is not one of the list's, so every category is shown.");
        if (ModelState.GetValidationState(nameof(Brand)) == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid) FilterNotices.Add("That brand is not one of the list's, so every brand is shown.");
        // The list's values in any letter case, as the orders list takes its filters (status=Active was refused; session 46).
        (Status, Stock, Sort) = (Status?.Trim().ToLowerInvariant(), Stock?.Trim().ToLowerInvariant(), Sort?.Trim().ToLowerInvariant());
        if (!string.IsNullOrEmpty(Status) && Status is not ("active" or "inactive")) FilterNotices.Add("That status is not one of the list's, so active and inactive products are shown.");
        if (!string.IsNullOrEmpty(Stock) && Stock is not ("low" or "out")) FilterNotices.Add("That stock filter is not one of the list's, so products with any stock are shown.");
        var sort = Sorts.FirstOrDefault(s => s.Key == Sort);
        if (sort.Key is null)
        {
            if (!string.IsNullOrEmpty(Sort)) FilterNotices.Add("That sort is not one of the list's, so the newest come first.");
            (Sort, sort) = ("newest", Sorts[0]);
        }
        // "page" is Razor Pages' own route value, so it is read from the query string, not bound.
        PageNumber = int.TryParse(Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 1_000_000) : 1;

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            var (where, parameters) = await WhereAsync(connection, ct);
            if (where is null) { Finish(started); return; }

            var onlyStatus = where.Count == 1 && Status is "active" or "inactive" && Category is null && Brand is null && Stock is not ("low" or "out") && string.IsNullOrWhiteSpace(Q);
            // How many products match, when known exactly; counting stops past SortedUpTo.
            int matches;
            if (where.Count == 0 || onlyStatus)
            {
                // count(*) walks the smallest index; no row is read. The in-memory facts count the active ones.
                var all = Convert.ToInt32(await ScalarAsync(connection, "SELECT count(*) FROM Products", [], ct), CultureInfo.InvariantCulture);
                matches = Total = Status == "active" && onlyStatus ? facts.Count : Status == "inactive" && onlyStatus ? Math.Max(0, all - facts.Count) : all;
            }
            else if (where.Count == 2 && Status == "active" && Category is { } counted && Brand is null && Stock is not ("low" or "out") && string.IsNullOrWhiteSpace(Q))
            {
                // As the filter below: a department counts everything under it, another category what is placed in it.
                matches = Total = !Categories.ById.TryGetValue(counted, out var node) ? 0
                    : node.IsDepartment ? facts.CountIn(node) : facts.IdsByCategory().GetValueOrDefault(counted)?.Length ?? 0;
            }
            else
            {
                matches = Convert.ToInt32(await ScalarAsync(connection, $"SELECT count(*) FROM (SELECT 1 FROM Products WHERE {string.Join(" AND ", where)} LIMIT {SortedUpTo + 1})", parameters, ct), CultureInfo.InvariantCulture);
                (Total, TotalIsCapped) = matches > CountCap ? (CountCap, true) : (matches, false);
            }

            var pages = Pager.PagesFor(Total, PageSize);
            PageNumber = Math.Min(PageNumber, pages);
            var skip = Pager.Skip(PageNumber, PageSize);
            var take = Math.Min(PageSize, Math.Max(0, Total - skip));
            // A few matches: read them through the filter's index (in id order already) and sort them; the unary + keeps
            // SQLite from walking a sort index past every product that does not match. Many: walk the sort key's index,
            // which holds every filtered column, to the page.
            var narrow = where.Count > 0 && matches <= SortedUpTo;
            var orderBy = narrow && !sort.OrderBy.StartsWith("Id ", StringComparison.Ordinal) ? string.Join(", ", sort.OrderBy.Split(", ").Select(term => "+" + term)) : sort.OrderBy;
            var reversed = false;
            if (!TotalIsCapped && skip > Total / 2)
            {
                // The far half is read from the other end of the index: the last page costs what the first does.
                (orderBy, reversed, skip) = (Reverse(orderBy), true, Total - skip - take);
            }
            var whereSql = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
            var from = narrow ? "Products" : $"Products INDEXED BY {sort.Index}";
            var ids = new List<int>(take);
            await using (var cmd = Command(connection, $"SELECT Id FROM {from} {whereSql} ORDER BY {orderBy} LIMIT {take} OFFSET {skip}", parameters))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
            }
            if (reversed) ids.Reverse();
            await ReadRowsAsync(connection, ids, ct);
            Pager = new Pager(PageNumber, pages, UrlFor);
            PageNotice = Pager.Notice(Request.Query["page"].ToString(), PageNumber, pages);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        Finish(started);
    }

    private void Finish(long started)
    {
        Pager ??= new Pager(1, 1, UrlFor);
        Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"products;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
    }

    public string UrlFor(int page) => "/admin/products" + QueryString.Create(new Dictionary<string, string?>
    {
        ["q"] = string.IsNullOrWhiteSpace(Q) ? null : Q,
        ["category"] = Category?.ToString(CultureInfo.InvariantCulture),
        ["brand"] = Brand?.ToString(CultureInfo.InvariantCulture),
        ["status"] = Status is "active" or "inactive" ? Status : null,
        ["stock"] = Stock is "low" or "out" ? Stock : null,
        ["sort"] = Sort is null or "newest" ? null : Sort,
        ["page"] = page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null,
    }.Where(kv => kv.Value is not null)).ToUriComponent();

    private static string Reverse(string orderBy) => string.Join(", ", orderBy.Split(", ").Select(term =>
        term.EndsWith(" ASC", StringComparison.Ordinal) ? term[..^4] + " DESC" : term[..^5] + " ASC"));

    /// <summary>The WHERE terms; null when the filter can match nothing. Only fixed SQL and parameters, never typed text.</summary>
    private async Task<(List<string>? Where, Dictionary<string, object> Parameters)> WhereAsync(DbConnection connection, CancellationToken ct)
    {
        var where = new List<string>();
        var parameters = new Dictionary<string, object>();
        // Written exactly as the partial indexes' filter, so SQLite can use them for active products.
        if (Status == "active") where.Add("\"IsActive\" = 1");
        else if (Status == "inactive") where.Add("\"IsActive\" = 0");
        if (Category is { } categoryId)
        {
            if (!Categories.ById.TryGetValue(categoryId, out var node)) return (null, parameters);
            where.Add(node.IsDepartment ? "DepartmentId = $category" : "CategoryId = $category");
            parameters["$category"] = categoryId;
        }
        if (Brand is { } brandId)
        {
            where.Add("BrandId = $brand");
            parameters["$brand"] = brandId;
        }
        if (Stock == "low") where.Add($"Stock <= {LowStock}");
        else if (Stock == "out") where.Add("Stock = 0");

        var text = SearchText.Parse(Q);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var ids = new HashSet<int>();
            if (!text.IsEmpty && Status != "inactive")
            {
                var match = text.Match(MatchMode.AllWords) ?? text.Match(MatchMode.AnyPrefix);
                if (match is not null) ids.UnionWith(await index.IdsAsync(match, CountCap, ct));
            }
            var sku = Q.Trim().ToUpperInvariant();
            // The start of a SKU too ("NEW-44" found nothing; an outside review, session 44): GLOB, case-sensitive like
            // the SKU index (SKUs are stored in capitals), reads only that range of it. A SKU has no GLOB wildcards.
            if (sku.Length >= 2 && sku.Length <= ProductDraft.SkuMaxLength && sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                await using var bySku = Command(connection, $"SELECT Id FROM Products WHERE Sku GLOB $glob LIMIT {CountCap}", new() { ["$glob"] = sku + "*" });
                await using var reader = await bySku.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
            }
            if (Status == "inactive")
            {
                await using var cmd = Command(connection, $"SELECT Id FROM Products WHERE \"IsActive\" = 0 AND Name LIKE $like ESCAPE '\\' LIMIT {CountCap}",
                    new() { ["$like"] = "%" + Q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%" });
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt32(0));
            }
            if (ids.Count == 0) return (null, parameters);
            // Integers from our own queries: safe to write into the SQL.
            where.Add($"Id IN ({string.Join(',', ids)})");
        }
        return (where, parameters);
    }

    private async Task ReadRowsAsync(DbConnection connection, List<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return;
        var byId = new Dictionary<int, Row>(ids.Count);
        await using var cmd = Command(connection, $"""
            SELECT p.Id, p.Sku, p.Name, p.Slug, p.PriceCents, p.Stock, p.IsActive, b.Name, p.CategoryId
            FROM Products p JOIN Brands b ON b.Id = p.BrandId WHERE p.Id IN ({string.Join(',', ids)})
            """, []);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var category = Categories.ById.GetValueOrDefault(reader.GetInt32(8))?.Name ?? "";
            byId[reader.GetInt32(0)] = new Row(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.GetBoolean(6), reader.GetString(7), category);
        }
        Rows.AddRange(ids.Where(byId.ContainsKey).Select(id => byId[id]));
    }

    private static DbCommand Command(DbConnection connection, string sql, Dictionary<string, object> parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, Dictionary<string, object> parameters, CancellationToken ct)
    {
        await using var cmd = Command(connection, sql, parameters);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
