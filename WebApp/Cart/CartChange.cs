namespace WebApp.Cart;

/// <summary>
/// What an add, update or remove did: a message for the shopper and the new item count for the header; after an
/// anonymous add, the id of the cart it went into, for the caller to remember.
/// </summary>
public sealed record CartChange(bool Succeeded, string Message, int Count, string? AnonymousCartId = null);
