using System.Globalization;
using AngleSharp.Html.Dom;
using WebApp.Accounts;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>
/// The dashboard keeps the month's figures between views and brings them up to date from order changes: these follow
/// one store through new orders, a cancellation and a day passing (a clock the test moves).
/// </summary>
public sealed class AdminDashboardMonthTests(FakeClockStore store) : IClassFixture<FakeClockStore>
{
    [Fact]
    public async Task The_month_follows_new_orders_cancellations_and_the_day_that_leaves_it()
    {
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: Roles.Admin);
        var now = store.Clock.GetUtcNow().UtcDateTime;
        var before = await admin.GetDocumentAsync("/admin");

        var recent = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("recent"), OrderStatus.Paid, now.AddMinutes(-10), productId: 1, quantity: 5);
        var edge = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("edge"), OrderStatus.Delivered, now.Date.AddDays(-29).AddHours(1), productId: 2, quantity: 4);
        var counted = await admin.GetDocumentAsync("/admin");
        Assert.Equal(2, Count(counted, "orders-30d") - Count(before, "orders-30d"));
        Assert.Equal(recent.TotalCents + edge.TotalCents, Cents(counted, "revenue-30d") - Cents(before, "revenue-30d"));
        Assert.Equal(5, Sold(counted, 1));
        Assert.Equal(4, Sold(counted, 2));

        // Cancelled: still an order placed this month, but no revenue and nothing sold.
        var order = await admin.GetDocumentAsync($"/admin/orders/{recent.Id}");
        await admin.SubmitAsync((IHtmlFormElement)order.QuerySelector("[data-testid=cancel]")!.Closest("form")!);
        var cancelled = await admin.GetDocumentAsync("/admin");
        Assert.Equal(2, Count(cancelled, "orders-30d") - Count(before, "orders-30d"));
        Assert.Equal(edge.TotalCents, Cents(cancelled, "revenue-30d") - Cents(before, "revenue-30d"));
        Assert.Null(Sold(cancelled, 1));
        Assert.Equal(4, Sold(cancelled, 2));

        // A day later the oldest day has left the 30 days, with its order and what it sold.
        store.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await admin.GetDocumentAsync("/admin");
        Assert.Equal(1, Count(nextDay, "orders-30d") - Count(before, "orders-30d"));
        Assert.Equal(0, Cents(nextDay, "revenue-30d") - Cents(before, "revenue-30d"));
        Assert.Null(Sold(nextDay, 2));
    }

    private static readonly CultureInfo s_money = CultureInfo.GetCultureInfo("en-US");

    private static long Cents(IHtmlDocument page, string testId) =>
        (long)(decimal.Parse(page.QuerySelector($"[data-testid={testId}]")!.TextContent, NumberStyles.Currency, s_money) * 100);

    private static int Count(IHtmlDocument page, string testId) =>
        int.Parse(page.QuerySelector($"[data-testid={testId}]")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>The quantity the best-seller list shows for a product, or null when it is not listed.</summary>
    private static int? Sold(IHtmlDocument page, int productId) =>
        page.QuerySelector($"[data-testid=best-sellers] li[data-product-id='{productId}'] [data-testid=sold]") is { } sold
            ? int.Parse(sold.TextContent.Split(' ')[0], CultureInfo.InvariantCulture)
            : null;
}
