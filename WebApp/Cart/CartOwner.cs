namespace WebApp.Cart;

/// <summary>Whose cart: an account's (by user id), or an anonymous one (by the id its cookie holds, if any yet).</summary>
public readonly record struct CartOwner(string? UserId, string? AnonymousCartId)
{
    public static CartOwner Account(string userId) => new(userId, null);
    public static CartOwner Anonymous(string? cartId) => new(null, cartId);
}
