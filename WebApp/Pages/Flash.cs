using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace WebApp.Pages;

/// <summary>The one-line message shown at the top of the next page after a post-redirect-get (rendered by the layout).</summary>
public static class Flash
{
    private const string MessageKey = "Flash";
    private const string ErrorKey = "FlashIsError";
    private const string CartLinkKey = "FlashLinksToCart";
    private const string UndoKey = "FlashUndo";

    public static void Set(ITempDataDictionary tempData, string message, bool isError = false, bool linksToCart = false, string? undoToken = null)
    {
        tempData[UndoKey] = undoToken;
        tempData[MessageKey] = message;
        tempData[ErrorKey] = isError;
        tempData[CartLinkKey] = linksToCart;
    }

    /// <summary>The pending message, if any; reading it consumes it. <c>UndoToken</c> is set after a cart line was removed.</summary>
    public static (string Message, bool IsError, bool LinksToCart, string? UndoToken)? Take(ITempDataDictionary tempData) =>
        tempData[MessageKey] is string message
            ? (message, tempData[ErrorKey] is true, tempData[CartLinkKey] is true, tempData[UndoKey] as string)
            : null;
}
