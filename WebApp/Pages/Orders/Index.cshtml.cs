using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WebApp.Accounts;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Pages.Orders;

public sealed class IndexModel(StoreDbContext db) : PageModel
{
    public const int PageSize = 20;

    public sealed record Row(int Id, DateTime PlacedAt, OrderStatus Status, long TotalCents, int Items);

    public IReadOnlyList<Row> Orders { get; private set; } = [];
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int pageNumber = 1, CancellationToken ct = default)
    {
        var userId = CurrentShopper.UserIdOf(User)!;
        var mine = db.Orders.AsNoTracking().Where(o => o.UserId == userId);
        var total = await mine.CountAsync(ct);
        var pages = Pager.PagesFor(total, PageSize);
        var page = Math.Clamp(pageNumber, 1, pages);
        Orders = await mine.OrderByDescending(o => o.Id)
            .Skip(Pager.Skip(page, PageSize)).Take(PageSize)
            .Select(o => new Row(o.Id, o.PlacedAt, o.Status, o.TotalCents, o.Lines.Sum(l => l.Quantity)))
            .ToListAsync(ct);
        Pager = new Pager(page, pages, n => $"/orders?page={n}");
    }
}
