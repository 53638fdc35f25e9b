using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using WebApp.Accounts;
using WebApp.Addresses;
using WebApp.Checkout;

namespace WebApp.Pages.Account.Manage;

/// <summary>The customer's saved addresses, each deletable. Another customer's address id answers 404, like one that does not exist.</summary>
public sealed class AddressesModel(SavedAddresses saved, IOptions<CheckoutOptions> checkout) : PageModel
{
    public IReadOnlyList<SavedAddress> Addresses { get; private set; } = [];

    public string CountryName(string code) => checkout.Value.CountryName(code);

    public async Task OnGetAsync(CancellationToken ct) => Addresses = await saved.ListAsync(UserId, ct);

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        if (!await saved.DeleteAsync(UserId, id, ct)) return NotFound();
        Flash.Set(TempData, "Address deleted.");
        return RedirectToPage();
    }

    private string UserId => CurrentShopper.UserIdOf(User)!;
}
