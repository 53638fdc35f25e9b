using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace WebApp.Pages;

/// <summary>The one-line message shown at the top of the next page after a post-redirect-get (rendered by the layout).</summary>
public static class Flash
{
    private const string MessageKey = "Flash";
    private const string ErrorKey = "FlashIsError";
    private const string CartLinkKey = "FlashLinksToCart";
    private const string UndoKey = "FlashUndo";
    private const string ProductKey = "FlashProduct";
    private const string ReviewKey = "FlashReview";
    private static readonly object s_shownInPlace = new();

    /// <summary>
    /// The element a listing's add-to-cart message is written in, beside the product's button
    /// (<see cref="Catalog.ProductTiles"/>): the redirect back to the listing ends with it, so the browser comes back to
    /// the tile rather than to the page's top.
    /// </summary>
    public const string InPlaceId = "added";

    /// <param name="productId">The product an add-to-cart message is about: a listing showing it says it on its tile.</param>
    /// <param name="reviewId">The review a vote or report message is about: the product page says it under that review.</param>
    public static void Set(ITempDataDictionary tempData, string message, bool isError = false, bool linksToCart = false, string? undoToken = null, int? productId = null, int? reviewId = null)
    {
        tempData[ProductKey] = productId;
        tempData[ReviewKey] = reviewId;
        tempData[UndoKey] = undoToken;
        tempData[MessageKey] = message;
        tempData[ErrorKey] = isError;
        tempData[CartLinkKey] = linksToCart;
    }

    /// <summary>The pending message, if any; reading it consumes it. <c>UndoToken</c> is set after a cart line was removed.</summary>
    public static (string Message, bool IsError, bool LinksToCart, string? UndoToken)? Take(ITempDataDictionary tempData)
    {
        // Every key is read, so all of them go: one left behind kept the TempData cookie, and with it the visitor out of
        // the page cache, on every page after.
        _ = tempData[ProductKey];
        _ = tempData[ReviewKey];
        return tempData[MessageKey] is string message
            ? (message, tempData[ErrorKey] is true, tempData[CartLinkKey] is true, tempData[UndoKey] as string)
            : null;
    }

    /// <summary>
    /// The pending message about one of <paramref name="productIds"/>, taken to be shown on that product's tile, which the
    /// layout then leaves out (<see cref="ShownInPlace"/>); null when there is none, or another grid took it.
    /// </summary>
    public static (int ProductId, string Message, bool IsError)? TakeFor(HttpContext context, ITempDataDictionary tempData, IEnumerable<int> productIds)
    {
        if (ShownInPlace(context) || tempData.Peek(ProductKey) is not int productId || !productIds.Contains(productId)) return null;
        if (Take(tempData) is not { } pending) return null;
        context.Items[s_shownInPlace] = true;
        return (productId, pending.Message, pending.IsError);
    }

    /// <summary>
    /// The pending message about one of <paramref name="reviewIds"/>, to be shown under that review, which the layout
    /// then leaves out: at the page's top it was ~1,000 px above the review the page came back to, unheard by a screen
    /// reader (an outside review, session 51).
    /// </summary>
    public static (int ReviewId, string Message, bool IsError)? TakeForReview(HttpContext context, ITempDataDictionary tempData, IEnumerable<int> reviewIds)
    {
        if (ShownInPlace(context) || tempData.Peek(ReviewKey) is not int reviewId || !reviewIds.Contains(reviewId)) return null;
        if (Take(tempData) is not { } pending) return null;
        context.Items[s_shownInPlace] = true;
        return (reviewId, pending.Message, pending.IsError);
    }

    /// <summary>What <see cref="Set"/> takes as the review id of a message about the reviews section as a whole.</summary>
    public const int ReviewsSection = 0;

    /// <summary>
    /// The pending message about the reviews section (a review written, updated or deleted), to be shown at its head,
    /// which the layout then leaves out: at the page's top it was ~1,000 px above where the page came back to, with the
    /// focus on the page (an outside review, session 53).
    /// </summary>
    public static (string Message, bool IsError)? TakeForReviewsSection(HttpContext context, ITempDataDictionary tempData)
    {
        if (ShownInPlace(context) || tempData.Peek(ReviewKey) is not ReviewsSection) return null;
        if (Take(tempData) is not { } pending) return null;
        context.Items[s_shownInPlace] = true;
        return (pending.Message, pending.IsError);
    }

    /// <summary>True once a listing's tile or a review has shown this request's message.</summary>
    public static bool ShownInPlace(HttpContext context) => context.Items.ContainsKey(s_shownInPlace);
}
