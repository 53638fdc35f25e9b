namespace WebApp.Cart;

/// <summary>
/// What an add, update or remove did: a message for the shopper and the new item count for the header; after a change
/// to an anonymous cart, its id, for the caller to remember (the cookie lasts 30 days from the last change).
/// When refused, <see cref="Problem"/> says why. After a remove, <see cref="UndoToken"/> puts the line back (<see cref="CartService.UndoRemoveAsync"/>).
/// </summary>
public sealed record CartChange(bool Succeeded, string Message, int Count, string? AnonymousCartId = null, CartProblem Problem = CartProblem.None,
    string? UndoToken = null);
