namespace WebApp.Cart;

/// <summary>Why a cart change was refused, for callers that answer with a status (the API) rather than a message.</summary>
public enum CartProblem
{
    None,

    /// <summary>The quantity is outside 1 to <see cref="CartService.MaxQuantity"/>.</summary>
    BadQuantity,

    /// <summary>No such product, or it is no longer sold.</summary>
    NotSold,

    /// <summary>The product is not a line of this cart.</summary>
    NotInCart,

    /// <summary>Sold out, or fewer in stock than asked once added to what the cart holds.</summary>
    NotEnough,

    /// <summary>Over the per-product limit (<see cref="CartService.MaxQuantity"/>) once added to what the cart holds.</summary>
    OverLimit,
}
