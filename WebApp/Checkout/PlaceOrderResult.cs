using WebApp.Orders;

namespace WebApp.Checkout;

/// <summary>Every answer <see cref="PlaceOrder"/> gives; each caller turns it into its own (a page, problem details).</summary>
public abstract record PlaceOrderResult
{
    private PlaceOrderResult()
    {
    }

    /// <param name="Repeat">The form had already placed this order (double click, resubmit, second tab); no mail is sent again.</param>
    /// <param name="Email">The account's address, where the confirmation went.</param>
    public sealed record Placed(int OrderId, bool Repeat, string Email) : PlaceOrderResult;

    /// <summary>Nothing was placed: messages keyed by the <see cref="PlaceOrderRequest"/> property they are about, in the order found.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : PlaceOrderResult;

    /// <summary>The user id names no account (it was deleted while signed in): sign in again.</summary>
    public sealed record UnknownShopper : PlaceOrderResult;

    public sealed record EmptyCart : PlaceOrderResult;

    /// <summary>Nothing was taken: these lines could not be served in full.</summary>
    public sealed record OutOfStock(IReadOnlyList<ShortLine> Lines) : PlaceOrderResult;

    /// <summary>
    /// A price moved since the shopper saw the subtotal, or (<paramref name="LinesChanged"/>) the cart holds other lines
    /// than the page showed: nothing was placed; the shopper sees this quote first.
    /// </summary>
    public sealed record PricesChanged(Quote Quote, bool LinesChanged = false) : PlaceOrderResult;

    /// <summary>The tax for the address sent differs from what the page showed (the address changed), or the total from the API's quotedTotalCents: nothing was placed.</summary>
    public sealed record TaxChanged(Quote Quote) : PlaceOrderResult;

    /// <summary>The gateway refused: the order and its stock were undone. The form needs a fresh key to try again.</summary>
    public sealed record Declined(string Message) : PlaceOrderResult;

    /// <summary>The form's one-time key is not this shopper's to use (it was altered): start a fresh form.</summary>
    public sealed record FormExpired : PlaceOrderResult;
}
