using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Checkout;
using WebApp.Orders;
using WebApp.Search;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

public sealed class AdminDashboardTests(AdminStore store) : IClassFixture<AdminStore>
{
    private static readonly CultureInfo s_money = CultureInfo.GetCultureInfo("en-US");

    private static long Cents(IHtmlDocument page, string testId) =>
        (long)(decimal.Parse(page.QuerySelector($"[data-testid={testId}]")!.TextContent, NumberStyles.Currency, s_money) * 100);

    private static int Count(IHtmlDocument page, string testId) =>
        int.Parse(page.QuerySelector($"[data-testid={testId}]")!.TextContent, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    private static string Flash(IHtmlDocument page) => page.QuerySelector("[data-testid=flash]")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task Orders_and_revenue_count_today_the_last_7_and_30_days_without_cancelled_revenue()
    {
        var admin = await store.AdminClientAsync();
        var before = await admin.GetDocumentAsync("/admin");

        var (_, _, card) = await AdminOrderData.PlaceAsync(store, 30, 2, ShopStore.TestCard());
        var (_, _, cod) = await AdminOrderData.PlaceAsync(store, 31, 1, ShopStore.PayOnDelivery());
        var (_, _, cancelled) = await AdminOrderData.PlaceAsync(store, 32, 1, ShopStore.PayOnDelivery());
        var cancelPage = await admin.GetDocumentAsync($"/admin/orders/{cancelled}");
        await admin.SubmitAsync((IHtmlFormElement)cancelPage.QuerySelector("[data-testid=cancel]")!.Closest("form")!);
        var threeDaysAgo = DateTime.UtcNow.Date.AddDays(-3).AddHours(11);
        var older = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("older"), OrderStatus.Delivered, threeDaysAgo, productId: 33);
        var tooOld = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("tooold"), OrderStatus.Delivered, DateTime.UtcNow.AddDays(-45), productId: 33);
        var today = (await AdminOrderData.OrderAsync(store, card)).TotalCents + (await AdminOrderData.OrderAsync(store, cod)).TotalCents;

        var after = await admin.GetDocumentAsync("/admin");

        Assert.Equal(3, Count(after, "orders-today") - Count(before, "orders-today"));
        Assert.Equal(today, Cents(after, "revenue-today") - Cents(before, "revenue-today"));
        Assert.Equal(4, Count(after, "orders-7d") - Count(before, "orders-7d"));
        Assert.Equal(today + older.TotalCents, Cents(after, "revenue-7d") - Cents(before, "revenue-7d"));
        Assert.Equal(4, Count(after, "orders-30d") - Count(before, "orders-30d"));
        Assert.Equal(today + older.TotalCents, Cents(after, "revenue-30d") - Cents(before, "revenue-30d"));
        Assert.True(tooOld.TotalCents > 0);

        // The chart's hidden table has the day three days ago with that order's revenue.
        var row = after.QuerySelectorAll("[data-testid=chart-table] tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent == threeDaysAgo.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.Equal(older.TotalCents, (long)(decimal.Parse(row.QuerySelectorAll("td")[0].TextContent, NumberStyles.Currency, s_money) * 100));

        // Recent orders list the newest; the card order (Paid) and the pay-on-delivery one (Placed) wait to ship.
        var recent = after.QuerySelector("[data-testid=recent-orders]")!.TextContent;
        Assert.Contains($"#{cod}", recent, StringComparison.Ordinal);
        Assert.Equal(2, Count(after, "to-ship-count") - Count(before, "to-ship-count"));
    }

    [Fact]
    public async Task The_revenue_chart_is_an_svg_image_with_a_text_alternative_and_a_table_of_its_values()
    {
        await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("chart"), OrderStatus.Paid, DateTime.UtcNow.Date.AddDays(-1).AddHours(9), productId: 34);
        var admin = await store.AdminClientAsync();

        var response = await admin.GetAsync("/admin");
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.GetDocumentAsync(response);

        var svg = page.QuerySelector("[data-testid=revenue-chart] svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        var labelledBy = svg.GetAttribute("aria-labelledby")!.Split(' ');
        Assert.All(labelledBy, id => Assert.False(string.IsNullOrWhiteSpace(page.GetElementById(id)!.TextContent)));
        var summary = page.QuerySelector("[data-testid=chart-summary]")!.TextContent;
        Assert.StartsWith("Revenue per day from ", summary, StringComparison.Ordinal);
        Assert.Contains("the best day was", summary, StringComparison.Ordinal);
        Assert.NotEmpty(svg.QuerySelectorAll("rect"));
        var table = page.QuerySelector("[data-testid=chart-table]")!;
        Assert.Contains("visually-hidden", table.ClassName, StringComparison.Ordinal);
        Assert.Equal(30, table.QuerySelectorAll("tbody tr").Length);
        // Drawn on the server: no script on the page but the site's own files.
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_order_whose_charge_went_through_is_found_at_the_gateway_and_marked_paid()
    {
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("crashed"), OrderStatus.Placed, DateTime.UtcNow.AddMinutes(-20), paymentReference: null, productId: 35);
        // The gateway took the money under the order's key, then the process died before recording it.
        var gateway = store.Services.GetServices<IPaymentGateway>().OfType<TestCardGateway>().Single();
        await gateway.ChargeAsync(new PaymentRequest(order.Id, order.IdempotencyKey, order.TotalCents, "USD", new CardDetails("4242424242424242", 12, DateTime.UtcNow.Year + 2, "123", "A L")));
        var admin = await store.AdminClientAsync();
        var dashboard = await admin.GetDocumentAsync("/admin");
        var row = dashboard.QuerySelector($"[data-testid=unpaid] [data-order-id='{order.Id}']")!;

        var done = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)row.QuerySelector("[data-testid=check-payment]")!.Closest("form")!));

        Assert.Contains("it is now Paid", Flash(done), StringComparison.Ordinal);
        Assert.Null(done.QuerySelector($"[data-testid=unpaid] [data-order-id='{order.Id}']"));
        var paid = await AdminOrderData.OrderAsync(store, order.Id);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.StartsWith("test_", paid.PaymentReference, StringComparison.Ordinal);
        Assert.Contains(paid.History, h => h.Status == OrderStatus.Paid && h.Note.StartsWith("Payment received", StringComparison.Ordinal));
        Assert.Contains(await AdminOrderData.AuditAsync(store, "Order", order.Id), a => a.Action == "PaymentChecked" && a.Field == "Status" && a.NewValue == "Paid");
    }

    [Fact]
    public async Task A_card_order_never_charged_is_reported_and_cancelled_with_its_stock_back()
    {
        await store.SetProductAsync(36, stock: 20);
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("nocharge"), OrderStatus.Placed, DateTime.UtcNow.AddMinutes(-20), paymentReference: null, productId: 36, quantity: 3);
        var fresh = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("fresh"), OrderStatus.Placed, DateTime.UtcNow, paymentReference: null, productId: 36);
        Assert.Equal(16, await AdminOrderData.StockAsync(store, 36));
        var admin = await store.AdminClientAsync();
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Null(dashboard.QuerySelector($"[data-testid=unpaid] [data-order-id='{fresh.Id}']"));   // may still be paying
        var row = dashboard.QuerySelector($"[data-testid=unpaid] [data-order-id='{order.Id}']")!;

        var checkedPage = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)row.QuerySelector("[data-testid=check-payment]")!.Closest("form")!));
        Assert.Contains("nothing was taken", Flash(checkedPage), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Placed, (await AdminOrderData.OrderAsync(store, order.Id)).Status);

        var cancelled = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)row.QuerySelector("[data-testid=cancel-unpaid]")!.Closest("form")!));
        Assert.Contains("cancelled and its stock is back", Flash(cancelled), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Cancelled, (await AdminOrderData.OrderAsync(store, order.Id)).Status);
        Assert.Equal(19, await AdminOrderData.StockAsync(store, 36));
        Assert.Contains(await AdminOrderData.AuditAsync(store, "Order", order.Id), a => a.Action == "Cancelled" && a.OldValue == "Placed");

        // The same button again (a second tab) restocks nothing more.
        var again = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)row.QuerySelector("[data-testid=cancel-unpaid]")!.Closest("form")!));
        Assert.Matches($@"^Order #{order.Id} is already cancelled \(since \d+ \w+ \d{{4}}, \d\d:\d\d UTC\); nothing changed\.$", Flash(again).Trim());
        Assert.Equal(19, await AdminOrderData.StockAsync(store, 36));
    }

    [Fact]
    public async Task Low_stock_products_link_to_their_edit_page()
    {
        var admin = await store.AdminClientAsync();
        await store.SetProductAsync(37, stock: 40);
        var before = Count(await admin.GetDocumentAsync("/admin"), "low-stock-count");

        await store.SetProductAsync(37, stock: 0);
        var page = await admin.GetDocumentAsync("/admin");

        Assert.Equal(before + 1, Count(page, "low-stock-count"));
        var links = page.QuerySelectorAll("[data-testid=low-stock] a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, href => Assert.Matches("^/admin/products/[0-9]+/edit$", href));
        Assert.Contains(page.QuerySelectorAll("[data-testid=low-stock] li"), li => li.TextContent.Contains("out of stock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Best_sellers_rank_products_by_quantity_sold_in_the_last_30_days()
    {
        var (_, _, _) = await AdminOrderData.PlaceAsync(store, 38, 60, ShopStore.PayOnDelivery(), stock: 200);
        await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("oldbulk"), OrderStatus.Delivered, DateTime.UtcNow.AddDays(-60), productId: 39, quantity: 90);
        var admin = await store.AdminClientAsync();

        var page = await admin.GetDocumentAsync("/admin");

        var first = page.QuerySelector("[data-testid=best-sellers] li")!;
        Assert.Equal("38", first.GetAttribute("data-product-id"));
        Assert.Equal("60 sold", first.QuerySelector("[data-testid=sold]")!.TextContent);
        Assert.Equal("/admin/products/38/edit", first.QuerySelector("a")!.GetAttribute("href"));
        Assert.DoesNotContain(page.QuerySelectorAll("[data-testid=best-sellers] li"), li => li.GetAttribute("data-product-id") == "39");
    }

    [Fact]
    public async Task Zero_result_searches_and_the_search_cache_figures_show_on_the_dashboard()
    {
        var shopper = store.CreateClient();
        for (var i = 0; i < 3; i++) await shopper.GetAsync("/search?q=zzyzx+quokka+flux");
        await store.Services.GetRequiredService<SearchMissRecorder>().FlushAsync();
        var admin = await store.AdminClientAsync();

        var page = await admin.GetDocumentAsync("/admin");

        var misses = page.QuerySelector("[data-testid=search-misses]")!.TextContent;
        Assert.Contains("zzyzx quokka flux", misses, StringComparison.Ordinal);
        Assert.True(Count(page, "cache-hits") > 0);
        Assert.True(Count(page, "cache-entries") > 0);
        Assert.EndsWith("%", page.QuerySelector("[data-testid=cache-ratio]")!.TextContent, StringComparison.Ordinal);
        var (hits, misses2) = store.Services.GetRequiredService<SearchCache>().Lookups;
        Assert.True(hits > 0 && misses2 > 0);
    }
}
