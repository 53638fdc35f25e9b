using WebApp.Cart;

namespace WebApp.Pages.Cart;

public sealed record CartContents(CartView Cart, string? Message, bool IsError, string? UndoToken = null);
