using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Catalog;
using WebApp.Data;

namespace WebApp.Pages.Account.Manage;

/// <summary>The shopper's pending "Notify me when back" requests (made with the account's address), each cancellable.</summary>
public sealed class BackInStockModel(StoreDbContext db, BackInStockMails backInStock) : PageModel
{
    public IReadOnlyList<BackInStockMails.Waiting> Requests { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Requests = await backInStock.WaitingForAsync(await EmailAsync(ct), ct);

    public async Task<IActionResult> OnPostCancelAsync(int productId, CancellationToken ct)
    {
        Flash.Set(TempData, await backInStock.CancelAsync(productId, await EmailAsync(ct), ct)
            ? "Cancelled: we will not email you about it."
            : "There was no request to cancel for that product.");
        return RedirectToPage();
    }

    private async Task<string> EmailAsync(CancellationToken ct)
    {
        var userId = CurrentShopper.UserIdOf(User)!;
        return await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleAsync(ct) ?? "";
    }
}
