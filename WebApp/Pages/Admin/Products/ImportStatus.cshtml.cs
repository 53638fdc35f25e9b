using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Admin;

namespace WebApp.Pages.Admin.Products;

/// <summary>An import's progress (the page reloads itself while it runs, without script) and then its result.</summary>
public sealed class ImportStatusModel(ProductImports imports) : PageModel
{
    public ProductImportJob Job { get; private set; } = null!;

    public IActionResult OnGet(Guid id)
    {
        if (imports.Find(id) is not { } job) return NotFound();
        Job = job;
        // The Refresh header reloads the page in every browser, no script needed (the shared layout has no head section).
        if (job.State == ImportState.Running) Response.Headers["Refresh"] = "2";
        return Page();
    }
}
