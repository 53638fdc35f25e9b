using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace WebApp.Pages;

/// <summary>The one-line message shown at the top of the next page after a post-redirect-get (rendered by the layout).</summary>
public static class Flash
{
    private const string MessageKey = "Flash";
    private const string ErrorKey = "FlashIsError";
    private const string CartLinkKey = "FlashLinksToCart";

    public static void Set(ITempDataDictionary tempData, string message, bool isError = false, bool linksToCart = false)
    {
        tempData[MessageKey] = message;
        tempData[ErrorKey] = isError;
        tempData[CartLinkKey] = linksToCart;
    }

    /// <summary>The pending message, if any; reading it consumes it.</summary>
    public static (string Message, bool IsError, bool LinksToCart)? Take(ITempDataDictionary tempData) =>
        tempData[MessageKey] is string message ? (message, tempData[ErrorKey] is true, tempData[CartLinkKey] is true) : null;
}
