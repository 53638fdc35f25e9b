using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Pages.Admin.Orders;

/// <summary>The sheet that goes in the parcel: address and lines, no prices, laid out for paper.</summary>
public sealed class PackingSlipModel(StoreDbContext db, OrderWorkflow workflow) : PageModel
{
    public Order Order { get; private set; } = null!;

    /// <summary>A card order whose payment was never recorded: it must not ship (a slip printed like any other).</summary>
    public bool UnpaidCard => Order.Status == OrderStatus.Placed && workflow.CardMethods.Contains(Order.PaymentMethod);

    /// <summary>What the courier collects: an order paid on delivery that is not paid yet (a slip said nothing of it).</summary>
    public long? CollectCents => workflow.OnDeliveryMethods.Contains(Order.PaymentMethod) && Order.Status is OrderStatus.Placed or OrderStatus.Shipped ? Order.TotalCents : null;


    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines.OrderBy(l => l.Id)).FirstOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return NotFound();
        Order = order;
        return Page();
    }
}
