using AngleSharp.Html.Dom;
using WebApp.Catalog;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Currency;

/// <summary>What a shopper does with the currency picker and reads off the pages, shared by the currency tests.</summary>
public static class CurrencyPages
{
    public const string CurrencyCookie = ".WebApp.Currency";

    /// <summary>Picks <paramref name="code"/> in the header of <paramref name="from"/> and follows the redirect back.</summary>
    public static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string code, string from = "/")
    {
        var page = await client.GetDocumentAsync(from);
        var form = (IHtmlFormElement)page.QuerySelector("header form[data-testid=currency-picker]")!;
        return await client.SubmitAsync(form, new Dictionary<string, string> { ["Code"] = code });
    }

    /// <summary>The store's price on a product page, in cents, read from the page.</summary>
    public static long BasePriceCents(IHtmlDocument productPage)
    {
        var text = productPage.QuerySelector("[data-testid=price]")!.TextContent.Trim().Split(' ')[0];
        Assert.True(Money.TryParse(text, out var cents), $"'{text}' is a price");
        return cents;
    }

    /// <summary>What the approximate figure should read for <paramref name="cents"/> at <paramref name="rate"/>.</summary>
    public static string Expected(long cents, decimal rate, string currency, int decimals = 2) =>
        Money.Format((long)Math.Round(cents / 100m * rate * (decimal)Math.Pow(10, decimals), MidpointRounding.AwayFromZero), currency);

    /// <summary>The approximate figures' visible text ("€12.34"), without the words only screen readers get.</summary>
    public static List<string> Approximations(AngleSharp.Dom.IParentNode scope) =>
        [.. scope.QuerySelectorAll("[data-testid=price-approx]").Select(e =>
        {
            var clone = (AngleSharp.Dom.IElement)e.Clone();
            foreach (var hidden in clone.QuerySelectorAll("[aria-hidden=true], .visually-hidden")) hidden.Remove();
            return clone.TextContent.Trim();
        })];
}
