using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Mail;
using WebApp.Orders;

namespace WebApp.Pages.Orders;

/// <summary>One order, for its owner only: anyone else's id answers 404, exactly like an id that does not exist.</summary>
public sealed class ShowModel(StoreDbContext db, OrderWorkflow workflow, MailLinks links) : PageModel
{
    public Order Order { get; private set; } = null!;
    public IReadOnlySet<int> OnSale { get; private set; } = new HashSet<int>();

    public bool CanCancel => workflow.CustomerCanCancel(Order.Status, Order.PaymentMethod);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var userId = CurrentShopper.UserIdOf(User)!;
        var order = await db.Orders.AsNoTracking().AsSplitQuery()
            .Include(o => o.Lines.OrderBy(l => l.Id))
            .Include(o => o.History.OrderBy(h => h.Id))
            .FirstOrDefaultAsync(o => o.Id == id && o.UserId == userId, ct);
        if (order is null) return NotFound();
        Order = order;
        OnSale = await OrderDetails.OnSaleAsync(db, order, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct)
    {
        var userId = CurrentShopper.UserIdOf(User)!;
        if (!await db.Orders.AnyAsync(o => o.Id == id && o.UserId == userId, ct)) return NotFound();
        var problem = await workflow.CancelByCustomerAsync(id, userId, links.Link(Request, ""), ct);
        Flash.Set(TempData, problem ?? $"Order #{id} is cancelled. Nothing will be charged or shipped.", isError: problem is not null);
        return Redirect(Order.PathOf(id));
    }
}
