using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WebApp.Storefront;

namespace WebApp.Pages.StorePages;

/// <summary>A store page (shipping, returns...) from its Markdown file; any other slug is a 404.</summary>
public sealed class ShowModel(Storefront.StorePages pages) : PageModel
{
    public StorePage StorePage { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await pages.FindAsync(slug, ct) is not { } page) return NotFound();
        StorePage = page;
        return Page();
    }
}
