using Microsoft.EntityFrameworkCore;
using WebApp.Data;
using WebApp.Orders;

namespace WebApp.Pages.Orders;

/// <summary>
/// What <c>_OrderDetails.cshtml</c> shows: the order, whether a cancel button belongs under it, which of its products
/// are still sold (the others have no page to link to), and whether its lines link to writing a review (an account's
/// own order, once shipped: what a review asks of a purchase).
/// </summary>
public sealed record OrderDetails(Order Order, bool CanCancel, IReadOnlySet<int> OnSale, bool CanReview = false)
{
    /// <summary>
    /// The order's products still sold: a hidden product's page and review form are 404s, and its line linked to both
    /// (an outside review, session 51).
    /// </summary>
    public static async Task<IReadOnlySet<int>> OnSaleAsync(StoreDbContext db, Order order, CancellationToken ct)
    {
        var ids = order.Lines.Select(l => l.ProductId).Distinct().ToList();
        return (await db.Products.Where(p => ids.Contains(p.Id) && p.IsActive).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
    }
}
