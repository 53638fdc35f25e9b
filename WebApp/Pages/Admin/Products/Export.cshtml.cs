using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Admin;
using WebApp.Data;

namespace WebApp.Pages.Admin.Products;

/// <summary>Every product as CSV, written straight to the response as it is read (no page, no buffer).</summary>
public sealed class ExportModel(StoreDbContext db, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{ProductCsv.FileName("products", clock.GetUtcNow())}\"";
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await ProductCsv.WriteAsync(db.Database.GetDbConnection(), Response.Body, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new EmptyResult();
    }
}
