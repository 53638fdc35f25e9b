using WebApp.Orders;

namespace WebApp.Pages.Orders;

/// <summary>
/// What <c>_OrderDetails.cshtml</c> shows: the order, whether a cancel button belongs under it, and whether its lines
/// link to writing a review (an account's own order, once shipped: what a review asks of a purchase).
/// </summary>
public sealed record OrderDetails(Order Order, bool CanCancel, bool CanReview = false);
