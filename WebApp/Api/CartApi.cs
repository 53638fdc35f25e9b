using WebApp.Accounts;
using WebApp.Cart;

namespace WebApp.Api;

/// <summary>
/// The shopper's cart through <see cref="CartService"/>, owned as on the pages (<see cref="CurrentShopper"/>): the
/// account's cart for a bearer token or the sign-in cookie, else the anonymous cart of the cart cookie (issued here on
/// the first add, as the pages do). Every rule (quantities, stock) is the service's; this only turns its refusals into
/// statuses.
/// </summary>
public static class CartApi
{
    public sealed record CartLineItem(int ProductId, string Name, string Sku, int Quantity, long UnitPriceCents, long PriceCentsWhenAdded,
        bool PriceChanged, long LineTotalCents, int Stock, string? Problem, string Url);

    /// <summary>
    /// The cart. <c>linesKey</c> fingerprints its lines (products, quantities and prices): an order body's
    /// <c>quotedLines</c> sends it back, so an order is placed only for the lines, at the prices, the shopper was shown.
    /// </summary>
    public sealed record CartContents(IReadOnlyList<CartLineItem> Items, int Count, long SubtotalCents, bool CanCheckOut, string LinesKey);

    public sealed record AddItemRequest(int? ProductId, int? Quantity);

    public sealed record SetQuantityRequest(int? Quantity);

    public static void Map(RouteGroupBuilder api)
    {
        var cart = api.MapGroup("/cart").WithTags("Cart").Private().ForEitherShopper();
        cart.MapGet("/", async (CartService carts, CurrentShopper shopper, CancellationToken ct) => TypedResults.Ok(Contents(await carts.LoadAsync(shopper.CartOwner, ct))))
            .WithSummary("The cart: lines with current prices and stock, and whether it can be checked out")
            .Produces<CartContents>();
        cart.MapPost("/items", AddAsync)
            .WithSummary("Add a product (quantity defaults to 1; adds to what the cart already holds)")
            .Accepts<AddItemRequest>("application/json")
            .Produces<CartContents>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cart.MapPut("/items/{productId:int}", SetAsync)
            .WithSummary("Set a line's quantity")
            .Accepts<SetQuantityRequest>("application/json")
            .Produces<CartContents>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        cart.MapDelete("/items/{productId:int}", RemoveAsync)
            .WithSummary("Remove a line (removing one that is not there is not an error; a productId that is not a number is a 404)")
            .Produces<CartContents>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> AddAsync(HttpContext http, CartService carts, CurrentShopper shopper, CancellationToken ct)
    {
        var (input, problem) = await ApiJson.ReadAsync<AddItemRequest>(http);
        if (problem is not null) return problem;
        if (input!.ProductId is not { } productId) return ApiProblems.Invalid("productId", "Name the product to add.");
        return await AnswerAsync(await carts.AddAsync(shopper.CartOwner, productId, input.Quantity ?? 1, ct), carts, shopper, ct);
    }

    private static async Task<IResult> SetAsync(int productId, HttpContext http, CartService carts, CurrentShopper shopper, CancellationToken ct)
    {
        var (input, problem) = await ApiJson.ReadAsync<SetQuantityRequest>(http);
        if (problem is not null) return problem;
        if (input!.Quantity is not { } quantity) return ApiProblems.Invalid("quantity", "Send the new quantity.");
        return await AnswerAsync(await carts.SetQuantityAsync(shopper.CartOwner, productId, quantity, ct), carts, shopper, ct);
    }

    private static async Task<IResult> RemoveAsync(int productId, CartService carts, CurrentShopper shopper, CancellationToken ct) =>
        await AnswerAsync(await carts.RemoveAsync(shopper.CartOwner, productId, ct), carts, shopper, ct);

    private static async Task<IResult> AnswerAsync(CartChange change, CartService carts, CurrentShopper shopper, CancellationToken ct)
    {
        if (!change.Succeeded)
        {
            return change.Problem switch
            {
                CartProblem.BadQuantity => ApiProblems.Invalid("quantity", change.Message),
                CartProblem.NotSold => ApiProblems.Problem(StatusCodes.Status404NotFound, change.Message, code: "not-sold"),
                CartProblem.NotInCart => ApiProblems.Problem(StatusCodes.Status404NotFound, change.Message, code: "not-in-cart"),
                // "You can have at most 99" was titled "Not enough in stock" (an outside review, session 45).
                CartProblem.OverLimit => ApiProblems.Problem(StatusCodes.Status409Conflict, change.Message, "Over the limit per product", code: "over-limit"),
                _ => ApiProblems.Problem(StatusCodes.Status409Conflict, change.Message, "Not enough in stock", code: "out-of-stock"),
            };
        }
        shopper.Remember(change);
        // The owner as it is now: a first anonymous add has just named its cart.
        var owner = change.AnonymousCartId is { } cartId ? CartOwner.Anonymous(cartId) : shopper.CartOwner;
        return TypedResults.Ok(Contents(await carts.LoadAsync(owner, ct)));
    }

    private static CartContents Contents(CartView cart) => new(Lines(cart), cart.Count, cart.SubtotalCents, cart.CanCheckOut, cart.LinesKey);

    /// <summary>The cart's lines as the cart and a checkout quote answer them.</summary>
    internal static IReadOnlyList<CartLineItem> Lines(CartView cart) =>
        [.. cart.Items.Select(i => new CartLineItem(i.ProductId, i.Name, i.Sku, i.Quantity, i.PriceCents, i.PriceCentsWhenAdded, i.PriceChanged,
            i.LineTotalCents, i.Stock, i.Problem, i.Url))];
}
