using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Data;

namespace WebApp.Pages.Admin;

public sealed class IndexModel(StoreDbContext db) : PageModel
{
    public int Products { get; private set; }
    public int ActiveProducts { get; private set; }
    public int Users { get; private set; }
    public int Orders { get; private set; }
    public int OrdersToShip { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Products = await db.Products.CountAsync(ct);
        ActiveProducts = await db.Products.CountAsync(p => p.IsActive, ct);
        Users = await db.Users.CountAsync(ct);
        Orders = await db.Orders.CountAsync(ct);
        OrdersToShip = await db.Orders.CountAsync(o => o.Status == WebApp.Orders.OrderStatus.Paid || o.Status == WebApp.Orders.OrderStatus.Placed, ct);
    }
}
