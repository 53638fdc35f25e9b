using WebApp.Orders;

namespace WebApp.Pages.Orders;

/// <summary>What <c>_OrderDetails.cshtml</c> shows: the order and whether a cancel button belongs under it.</summary>
public sealed record OrderDetails(Order Order, bool CanCancel);
