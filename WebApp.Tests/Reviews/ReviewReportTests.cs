using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Admin;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

/// <summary>
/// "Report this review": once per account and review, never one's own, with a reason from the list; the admin list shows
/// the reports, filters by them, and dismisses them (audited). Shoppers could only vote (an outside review, session 51).
/// </summary>
public sealed class ReviewReportTests(ReviewStore store) : IClassFixture<ReviewStore>
{
    private async Task<(int ProductId, int ReviewId, HttpClient Author, string ProductUrl)> ReviewedAsync(string title)
    {
        var productId = await store.UnreviewedProductAsync();
        var (author, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        var form = await author.GetDocumentAsync($"/reviews/write/{productId}");
        await author.SubmitAsync((IHtmlFormElement)form.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Stars"] = "1", ["Input.Title"] = title, ["Input.Body"] = "Buy cheap watches at example.net", ["Input.AuthorName"] = "Spammer",
        });
        var review = (await store.ReviewsOfAsync(productId)).Single();
        return (productId, review.Id, author, await store.ProductUrlAsync(productId));
    }

    private static async Task<IHtmlDocument> ReportAsync(HttpClient client, string productUrl, int reviewId, string reason)
    {
        var page = await client.GetDocumentAsync(productUrl);
        var form = (IHtmlFormElement)page.QuerySelector($"#review-{reviewId} [data-testid=report] form")!;
        return await Html.GetDocumentAsync(await client.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = reason }));
    }

    /// <summary>A report posted by hand, as a script would, with a token the shopper holds: any reason, also with no form shown.</summary>
    private static async Task<IHtmlDocument> PostReportAsync(HttpClient client, string productUrl, int reviewId, string reason)
    {
        var token = await AdminOrderData.TokenAsync(client, productUrl);
        return await Html.GetDocumentAsync(await client.PostAsync($"/reviews/{reviewId}/report",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = reason, ["__RequestVerificationToken"] = token })));
    }

    private async Task<int> ReportCountAsync(int reviewId)
    {
        using var scope = store.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ReviewReports.CountAsync(r => r.ReviewId == reviewId);
    }

    [Fact]
    public async Task A_shopper_reports_a_review_once_with_a_reason_and_the_admin_sees_it_and_dismisses_it()
    {
        var (productId, reviewId, author, productUrl) = await ReviewedAsync("Spam for the report test");
        var shopper = await store.SignedInClientAsync(StoreFactory.NewEmail("reporter"));

        var reported = await ReportAsync(shopper, productUrl, reviewId, "spam");
        // Said under the review the page comes back to, taking the focus there (site.js): at the page's top it was off screen.
        var note = reported.QuerySelector($"#review-{reviewId} [data-testid=flash]")!;
        Assert.Equal("Thank you: the store will look at this review.", note.TextContent.Trim());
        Assert.NotNull(note.GetAttribute("data-focus-on-load"));
        Assert.Single(reported.QuerySelectorAll("[data-testid=flash]"));
        Assert.Equal("You reported this review", reported.QuerySelector($"#review-{reviewId} [data-testid=reported]")!.TextContent);
        Assert.Null(reported.QuerySelector($"#review-{reviewId} [data-testid=report]"));
        Assert.Equal(1, await ReportCountAsync(reviewId));

        // The author has no report form on their own review, and one posted by hand is refused.
        var own = await author.GetDocumentAsync(productUrl);
        Assert.Null(own.QuerySelector($"#review-{reviewId} [data-testid=report]"));
        var token = await AdminOrderData.TokenAsync(author, productUrl);
        var forged = await author.PostAsync($"/reviews/{reviewId}/report", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "spam", ["__RequestVerificationToken"] = token }));
        Assert.Equal("You cannot report your own review; edit it instead.", (await Html.GetDocumentAsync(forged)).QuerySelector("[data-testid=flash]")!.TextContent.Trim());

        // A second shopper, twenty posts at once: one report each.
        var second = await store.SignedInClientAsync(StoreFactory.NewEmail("reporter"));
        var page = await second.GetDocumentAsync(productUrl);
        var form = (IHtmlFormElement)page.QuerySelector($"#review-{reviewId} [data-testid=report] form")!;
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => second.SendAsync(Html.FormRequest(form, new Dictionary<string, string> { ["reason"] = "offensive" }))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(2, await ReportCountAsync(reviewId));
        var again = await PostReportAsync(shopper, productUrl, reviewId, "other");
        Assert.Equal("You have already reported this review; the store will look at it.", again.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        Assert.Equal(2, await ReportCountAsync(reviewId));

        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("moderator"), role: WebApp.Accounts.Roles.Admin);
        var list = await admin.GetDocumentAsync("/admin/reviews?status=reported");
        var row = list.QuerySelector($"tr[data-review='{reviewId}']")!;
        Assert.Equal("Reported 2 times: Offensive or abusive, Spam or advertising", row.QuerySelector("[data-testid=reports]")!.TextContent.Trim());
        Assert.Equal("reported", list.QuerySelector("select#status option[selected]")?.GetAttribute("value"));

        var dismissed = await Html.GetDocumentAsync(await admin.SubmitAsync((IHtmlFormElement)row.QuerySelector("form")!, submitButton: (IHtmlElement)row.QuerySelector("[data-testid=dismiss]")!));
        Assert.Equal($"2 reports on review {reviewId} dismissed; the review stays as it was.", dismissed.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        Assert.Null(dismissed.QuerySelector($"tr[data-review='{reviewId}']"));
        Assert.Equal(0, await ReportCountAsync(reviewId));
        Assert.False((await store.ReviewsOfAsync(productId)).Single().IsHidden);
        var trail = await AdminOrderData.AuditAsync(store, "Review", reviewId);
        Assert.Contains(trail, a => a.Action == "Reports dismissed" && a.OldValue == "Offensive or abusive, Spam or advertising");
    }

    [Fact]
    public async Task A_report_without_a_reason_or_with_a_made_up_one_records_nothing_and_says_why()
    {
        var (_, reviewId, _, productUrl) = await ReviewedAsync("Spam without a reason");
        var shopper = await store.SignedInClientAsync(StoreFactory.NewEmail("reporter"));
        // One of the list's codes as the form sends it: "SPAM" and " spam " were read as spam (session 51's third review).
        foreach (var reason in new[] { "", "lies", "<script>", "SPAM", " spam " })
        {
            var page = await PostReportAsync(shopper, productUrl, reviewId, reason);
            // Said under the review the page comes back to, not at its top (the same review).
            Assert.Equal("Choose why you are reporting the review, then send the report.", page.QuerySelector($"#review-{reviewId} [data-testid=flash]")!.TextContent.Trim());
        }
        // Two reasons at once are none.
        var token = await AdminOrderData.TokenAsync(shopper, productUrl);
        var twice = await Html.GetDocumentAsync(await shopper.PostAsync($"/reviews/{reviewId}/report", new FormUrlEncodedContent(
            [new("reason", "spam"), new("reason", "offensive"), new("__RequestVerificationToken", token)])));
        Assert.Equal("Choose why you are reporting the review, then send the report.", twice.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        Assert.Equal(0, await ReportCountAsync(reviewId));
        await PostReportAsync(shopper, productUrl, reviewId, "spam");
        Assert.Equal(1, await ReportCountAsync(reviewId));
    }

    [Fact]
    public async Task Reports_sent_while_the_admin_hides_the_review_are_thanked_when_they_were_saved()
    {
        // A report saved just before the hide answered 404 (session 51's third review): what was saved is thanked.
        var (_, reviewId, _, productUrl) = await ReviewedAsync("Spam hidden while reported");
        var shoppers = new List<(HttpClient Client, string Token)>();
        for (var i = 0; i < 6; i++)
        {
            var shopper = await store.SignedInClientAsync(StoreFactory.NewEmail("racer"));
            shoppers.Add((shopper, await AdminOrderData.TokenAsync(shopper, productUrl)));
        }
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("moderator"), role: WebApp.Accounts.Roles.Admin);
        var list = await admin.GetDocumentAsync("/admin/reviews?status=visible");
        var hide = Html.FormRequest((IHtmlFormElement)list.QuerySelector($"tr[data-review='{reviewId}'] form")!);

        var reports = shoppers.Select(s => s.Client.PostAsync($"/reviews/{reviewId}/report",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "spam", ["__RequestVerificationToken"] = s.Token }))).ToList();
        var hidden = admin.SendAsync(hide);
        await Task.WhenAll([.. reports, hidden]);

        using var scope = store.Services.CreateScope();
        var saved = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().ReviewReports.Where(r => r.ReviewId == reviewId).CountAsync();
        var thanked = 0;
        foreach (var answer in reports.Select(r => r.Result))
        {
            if (answer.StatusCode == HttpStatusCode.NotFound) continue;
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("Thank you: the store will look at this review.", (await Html.GetDocumentAsync(answer)).QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
            thanked++;
        }
        Assert.Equal(saved, thanked);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("0")]
    public async Task An_admin_post_naming_no_review_says_so(string id)
    {
        // It said "Review 0 has no reports to dismiss." (session 51's third review).
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("moderator"), role: WebApp.Accounts.Roles.Admin);
        var token = await AdminOrderData.TokenAsync(admin, "/admin/reviews");
        foreach (var handler in new[] { "Dismiss", "Hide", "Show" })
        {
            var page = await Html.GetDocumentAsync(await admin.PostAsync($"/admin/reviews?handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = id, ["__RequestVerificationToken"] = token })));
            Assert.Equal("That is not a review of the list: nothing was changed. Choose a review's button again.", page.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
        }
        var two = await Html.GetDocumentAsync(await admin.PostAsync("/admin/reviews?handler=Dismiss",
            new FormUrlEncodedContent([new("id", "3984"), new("id", "3985"), new("__RequestVerificationToken", token)])));
        Assert.Equal("That is not a review of the list: nothing was changed. Choose a review's button again.", two.QuerySelector("[data-testid=flash]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Visitors_are_sent_to_sign_in_and_a_hidden_or_missing_review_cannot_be_reported()
    {
        var (_, reviewId, _, productUrl) = await ReviewedAsync("Spam to hide");
        var visitor = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Null((await store.CreateClient().GetDocumentAsync(productUrl)).QuerySelector("[data-testid=report]"));
        var anonymous = await visitor.GetAsync($"/reviews/{reviewId}/report");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);

        var shopper = await store.SignedInClientAsync(StoreFactory.NewEmail("reporter"));
        var token = await AdminOrderData.TokenAsync(shopper, productUrl);
        var missing = await shopper.PostAsync("/reviews/999999/report", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "spam", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Reviews.Where(r => r.Id == reviewId).ExecuteUpdateAsync(s => s.SetProperty(r => r.IsHidden, true));
        }
        var hidden = await shopper.PostAsync($"/reviews/{reviewId}/report", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "spam", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(0, await ReportCountAsync(reviewId));
    }
}
