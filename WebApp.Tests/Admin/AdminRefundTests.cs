using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Catalog;
using WebApp.Checkout;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

/// <summary>
/// A cancelled card order's refund, sent from its admin page through the gateway and recorded. Until session 46 the page
/// could only say "refund it at the provider", and the store never knew whether anyone had.
/// </summary>
public sealed class AdminRefundTests(AdminStore store) : IClassFixture<AdminStore>
{
    private TestCardGateway Gateway => store.Services.GetServices<IPaymentGateway>().OfType<TestCardGateway>().Single();

    private static Task<HttpResponseMessage> RefundAsync(HttpClient admin, IHtmlDocument page) =>
        admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("[data-testid=refund]")!.Closest("form")!);

    [Fact]
    public async Task Staff_refund_a_cancelled_card_order_once_and_the_customer_sees_and_is_mailed_it()
    {
        var (customer, email, orderId) = await AdminOrderData.PlaceAsync(store, 31, 2, ShopStore.TestCard());
        var admin = await store.AdminClientAsync();
        var paid = await admin.GetDocumentAsync($"/admin/orders/{orderId}");
        Assert.Null(paid.QuerySelector("[data-testid=refund]"));
        await admin.SubmitAsync((IHtmlFormElement)paid.QuerySelector("[data-testid=cancel]")!.Closest("form")!);
        var cancelled = await admin.GetDocumentAsync($"/admin/orders/{orderId}");
        var refunds = Gateway.Refunds;
        // The list tells an order owing a refund from one refunded (they looked the same; session 46's second review).
        var listed = $"/admin/orders?email={Uri.EscapeDataString(email)}";
        Assert.NotNull((await admin.GetDocumentAsync(listed)).QuerySelector($"tr[data-order-id='{orderId}'] [data-testid=refund-due-badge]"));

        var page = await Html.GetDocumentAsync(await RefundAsync(admin, cancelled));

        var order = await AdminOrderData.OrderAsync(store, orderId);
        Assert.Equal($"Order #{orderId} is refunded; the customer was mailed.", page.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        Assert.Equal(refunds + 1, Gateway.Refunds);
        Assert.Equal(order.TotalCents, order.RefundedCents);
        Assert.StartsWith("test_re_", order.RefundReference, StringComparison.Ordinal);
        Assert.Contains($"Refunded {Money.Format(order.TotalCents)} to Visa ending 4242", page.QuerySelector("[data-testid=refunded]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=refund]"));
        Assert.Contains(order.History, h => h.Note == $"Refunded {Money.Format(order.TotalCents)} to Visa ending 4242");
        var customerPage = await customer.GetDocumentAsync($"/orders/{orderId}");
        var refundLine = customerPage.QuerySelectorAll("[data-testid=order-history] li")[^1];
        Assert.Contains($"Refunded {Money.Format(order.TotalCents)} to Visa ending 4242", refundLine.TextContent, StringComparison.Ordinal);
        // No second "Cancelled" badge: it read as cancelled twice (session 46's second review).
        Assert.Null(refundLine.QuerySelector(".badge"));
        Assert.NotNull(AdminOrderData.Mail(store, email, "is refunded"));
        Assert.NotNull((await admin.GetDocumentAsync(listed)).QuerySelector($"tr[data-order-id='{orderId}'] [data-testid=refunded-badge]"));
        var api = System.Text.Json.JsonDocument.Parse(await customer.GetStringAsync($"/api/v1/orders/{orderId}")).RootElement;
        Assert.Equal(order.TotalCents, api.GetProperty("refundedCents").GetInt64());
        var export = await admin.GetStringAsync($"/admin/orders/export?from={DateTime.UtcNow:yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}");
        Assert.Contains("\"Refunded\",\"RefundedAt\"", export, StringComparison.Ordinal);
        Assert.Contains($"\"{Money.Amount(order.TotalCents)}\",\"{order.RefundedAt:yyyy-MM-dd HH:mm:ss}\"", export.Split('\n').Single(l => l.StartsWith($"\"{orderId}\"", StringComparison.Ordinal)), StringComparison.Ordinal);
        var trail = await admin.GetDocumentAsync($"/admin/audit?entity=Order&entityId={orderId}");
        Assert.Contains(trail.QuerySelectorAll("tbody tr"), r => r.QuerySelector("td[data-label=Action]")?.TextContent == "Refund"
            && r.QuerySelector(".audit-new")?.TextContent == order.RefundReference);

        // The page as it was before (a second tab, the back button): nothing more goes back.
        var again = await Html.GetDocumentAsync(await RefundAsync(admin, cancelled));
        Assert.Equal($"Order #{orderId} was already refunded.", again.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        Assert.Equal(refunds + 1, Gateway.Refunds);
    }

    [Fact]
    public async Task Two_refunds_sent_at_once_refund_once()
    {
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("twice"), OrderStatus.Cancelled, DateTime.UtcNow.AddHours(-1), paymentReference: "test_" + Guid.NewGuid().ToString("N"));
        var admin = await store.AdminClientAsync();
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");
        var refunds = Gateway.Refunds;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ => (await Html.GetDocumentAsync(await RefundAsync(admin, page))).QuerySelector("[data-testid=flash]")!.TextContent.Trim()));

        Assert.Equal(refunds + 1, Gateway.Refunds);
        Assert.Single(answers, a => a.EndsWith("is refunded; the customer was mailed.", StringComparison.Ordinal));
        Assert.All(answers.Where(a => !a.EndsWith("mailed.", StringComparison.Ordinal)), a => Assert.Matches("already (refunded|under way)", a));
        Assert.Single((await AdminOrderData.OrderAsync(store, order.Id)).History, h => h.Note.StartsWith("Refunded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refund_the_gateway_refuses_records_nothing_and_can_be_tried_again_and_other_orders_are_not_refunded()
    {
        var admin = await store.AdminClientAsync();
        var unknown = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("unknownref"), OrderStatus.Cancelled, DateTime.UtcNow.AddHours(-1), paymentReference: "ch_elsewhere");
        var page = await admin.GetDocumentAsync($"/admin/orders/{unknown.Id}");

        var refused = await Html.GetDocumentAsync(await RefundAsync(admin, page));

        Assert.Equal("The gateway has no such payment to refund.", refused.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        var after = await AdminOrderData.OrderAsync(store, unknown.Id);
        Assert.Equal((null, null, (long?)null), (after.RefundedAt, after.RefundReference, after.RefundedCents));
        var trail = await admin.GetDocumentAsync($"/admin/audit?entity=Order&entityId={unknown.Id}");
        Assert.Contains(trail.QuerySelectorAll("tbody tr"), r => r.QuerySelector(".audit-new")?.TextContent == "Refused by the gateway: The gateway has no such payment to refund.");
        Assert.NotNull(refused.QuerySelector("[data-testid=refund]"));

        // The handler posted by hand for orders the page offers no refund for.
        var token = refused.QuerySelector("[data-testid=refund]")!.Closest("form")!.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        foreach (var (status, method, expected) in new[]
        {
            (OrderStatus.Paid, "Card", "Only a cancelled order is refunded here"),
            (OrderStatus.Cancelled, "Pay on delivery", "has no card payment to refund"),
        })
        {
            var other = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("notrefundable"), status, DateTime.UtcNow.AddHours(-1), paymentMethod: method);
            var answer = await Html.GetDocumentAsync(await admin.PostAsync($"/admin/orders/{other.Id}?handler=Refund",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));
            Assert.Contains(expected, answer.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
            Assert.Null((await AdminOrderData.OrderAsync(store, other.Id)).RefundedAt);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/orders/99999999?handler=Refund",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).StatusCode);
    }

    [Fact]
    public async Task A_refund_under_way_offers_no_button_until_the_payment_window_has_passed()
    {
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("underway"), OrderStatus.Cancelled, DateTime.UtcNow.AddHours(-1), paymentReference: "test_" + Guid.NewGuid().ToString("N"));
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.Where(o => o.Id == order.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.RefundedAt, DateTime.UtcNow.AddMinutes(-1)));
        }
        // It offered "send it again" and then answered "already under way" (session 46's second review).
        var page = await (await store.AdminClientAsync()).GetDocumentAsync($"/admin/orders/{order.Id}");
        Assert.Contains("reload in a moment", page.QuerySelector("[data-testid=refund-started]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=refund]"));
    }

    private async Task<Order> PlacedCardOrderAsync(string prefix, bool charged)
    {
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail(prefix), OrderStatus.Placed, DateTime.UtcNow.AddHours(-1), paymentReference: null);
        if (charged)
        {
            var charge = await Gateway.ChargeAsync(new PaymentRequest(order.Id, order.IdempotencyKey, order.TotalCents, "USD", new CardDetails("4242424242424242", 12, 2030, "123", "Ada")));
            Assert.True(charge.Approved);
        }
        return order;
    }

    [Fact]
    public async Task Cancelling_a_card_order_left_placed_asks_the_gateway_first_so_a_payment_taken_is_refunded_not_stranded()
    {
        var admin = await store.AdminClientAsync();
        var charged = await PlacedCardOrderAsync("stranded", charged: true);
        var page = await admin.GetDocumentAsync($"/admin/orders/{charged.Id}");

        // Cancelled unasked, its charge went unrecorded and no refund could be made (session 46's second review).
        var cancelled = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("[data-testid=cancel]")!.Closest("form")!));

        var order = await AdminOrderData.OrderAsync(store, charged.Id);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.NotNull(order.PaymentReference);
        Assert.NotNull(cancelled.QuerySelector("[data-testid=refund]"));
        Assert.Null(cancelled.QuerySelector("[data-testid=check-payment]"));

        // Nothing taken: the order says so and offers no check.
        var uncharged = await PlacedCardOrderAsync("nocharge", charged: false);
        var noCharge = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)(await admin.GetDocumentAsync($"/admin/orders/{uncharged.Id}")).QuerySelector("[data-testid=cancel]")!.Closest("form")!));
        Assert.Equal(OrderWorkflow.NoChargeSummary, (await AdminOrderData.OrderAsync(store, uncharged.Id)).PaymentSummary);
        Assert.Null(noCharge.QuerySelector("[data-testid=check-payment]"));
        Assert.Null(noCharge.QuerySelector("[data-testid=refund]"));
    }

    [Fact]
    public async Task A_card_order_cancelled_before_the_cancel_asked_the_gateway_can_be_checked_and_then_refunded()
    {
        var admin = await store.AdminClientAsync();
        var order = await PlacedCardOrderAsync("legacycancel", charged: true);
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.Where(o => o.Id == order.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OrderStatus.Cancelled));
        }
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");

        var checkedPage = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)page.QuerySelector("[data-testid=check-payment]")!.Closest("form")!));

        Assert.Equal($"The gateway had taken the payment for cancelled order #{order.Id} (Visa ending 4242): refund it below.", checkedPage.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        var refunded = await Html.GetDocumentAsync(await RefundAsync(admin, checkedPage));
        Assert.EndsWith("is refunded; the customer was mailed.", refunded.QuerySelector("[data-testid=flash]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Cancelled, (await AdminOrderData.OrderAsync(store, order.Id)).Status);
    }

    [Fact]
    public async Task A_refund_sent_but_not_recorded_is_offered_again_after_the_payment_window_and_refunds_once()
    {
        var reference = "test_" + Guid.NewGuid().ToString("N");
        var order = await AdminOrderData.InsertAsync(store, StoreFactory.NewEmail("crashed"), OrderStatus.Cancelled, DateTime.UtcNow.AddHours(-1), paymentReference: reference);
        // The gateway refunded it, and the process died before the store wrote it down.
        var first = await Gateway.RefundAsync(new RefundRequest(reference, order.TotalCents, OrderWorkflow.RefundKey(reference)));
        Assert.True(first.Refunded);
        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Orders.Where(o => o.Id == order.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.RefundedAt, DateTime.UtcNow.AddMinutes(-10)));
        }
        var admin = await store.AdminClientAsync();
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");
        Assert.Contains("not recorded. Sending it again refunds once", page.QuerySelector("[data-testid=refund-started]")!.TextContent, StringComparison.Ordinal);
        var refunds = Gateway.Refunds;

        var done = await Html.GetDocumentAsync(await RefundAsync(admin, page));

        Assert.EndsWith("is refunded; the customer was mailed.", done.QuerySelector("[data-testid=flash]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(refunds, Gateway.Refunds);
        Assert.Equal(first.Reference, (await AdminOrderData.OrderAsync(store, order.Id)).RefundReference);
    }
}
