using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using WebApp.Orders;
using WebApp.Tests.Admin;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

public sealed class ReviewModerationTests(ReviewStore store) : IClassFixture<ReviewStore>
{
    [Fact]
    public async Task Admin_reviews_page_sends_strangers_to_sign_in_refuses_customers_and_opens_for_admins()
    {
        var anonymous = store.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("customer"));
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("admin"), role: WebApp.Accounts.Roles.Admin);

        var redirect = await anonymous.GetAsync("/admin/reviews");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/account/login", redirect.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/admin/reviews")).StatusCode);
        var page = await admin.GetAsync("/admin/reviews");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var document = await Html.GetDocumentAsync(page);
        Assert.NotEmpty(document.QuerySelectorAll("tr[data-review]"));
        Assert.NotNull(document.QuerySelector("nav[aria-label=Admin] a[href='/admin/reviews'][aria-current=page]"));

        // A status the list does not offer is named above it; the list's own in any letter case (session 46's review).
        var bogus = await Html.GetDocumentAsync(await admin.GetAsync("/admin/reviews?status=bogus"));
        Assert.Equal("That status is not one of the list's, so every review is shown.", bogus.QuerySelector("[data-testid=filter-notices]")?.TextContent.Trim());
        // A product that is no number: named too, not dropped without a word (session 51's review).
        foreach (var product in new[] { "abc", "1.5", "99999999999" })
        {
            var notNumber = await Html.GetDocumentAsync(await admin.GetAsync($"/admin/reviews?product={product}"));
            Assert.Equal("That is not a product number, so every product's reviews are shown.", notNumber.QuerySelector("[data-testid=filter-notices]")?.TextContent.Trim());
        }
        var both = await Html.GetDocumentAsync(await admin.GetAsync("/admin/reviews?status=bogus&product=abc"));
        Assert.Equal("That status is not one of the list's, so every review is shown. That is not a product number, so every product's reviews are shown.",
            both.QuerySelector("[data-testid=filter-notices]")?.TextContent.Trim());
        var hidden = await Html.GetDocumentAsync(await admin.GetAsync("/admin/reviews?status=HIDDEN"));
        Assert.Null(hidden.QuerySelector("[data-testid=filter-notices]"));
        Assert.Equal("hidden", hidden.QuerySelector("select#status option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task A_customer_cannot_hide_a_review_by_posting_to_the_admin_page()
    {
        var productId = await store.UnreviewedProductAsync();
        var (author, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await Write(author, productId, "4");
        var reviewId = (await store.ReviewsOfAsync(productId)).Single().Id;
        var customer = await store.SignedInClientAsync(StoreFactory.NewEmail("sneaky"));
        var token = await AdminOrderData.TokenAsync(customer, "/account/manage");

        var response = await customer.PostAsync("/admin/reviews?handler=Hide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = reviewId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await store.ReviewsOfAsync(productId)).Single().IsHidden);
    }

    [Fact]
    public async Task A_hidden_review_leaves_the_product_page_and_the_rating_and_comes_back_when_shown_audited_both_ways()
    {
        var productId = await store.UnreviewedProductAsync();
        var (first, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await Write(first, productId, "5", "Wonderful");
        var (second, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await Write(second, productId, "1", "Spam spam spam");
        var spam = (await store.ReviewsOfAsync(productId)).Single(r => r.Title == "Spam spam spam");
        var productUrl = await store.ProductUrlAsync(productId);
        var shopper = store.CreateClient();
        var productName = (await shopper.GetDocumentAsync(productUrl)).QuerySelector("h1")!.TextContent.Trim();
        Assert.Contains("Rated 3.0 out of 5 from 2 reviews", await TileRatingAsync(shopper, productName, productUrl), StringComparison.Ordinal);
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("moderator"), role: WebApp.Accounts.Roles.Admin);

        var list = await admin.GetDocumentAsync($"/admin/reviews?product={productId}");
        var hidden = await admin.SubmitAsync((IHtmlFormElement)list.QuerySelector($"tr[data-review='{spam.Id}'] form")!);

        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.Contains("Hidden", (await Html.GetDocumentAsync(hidden)).QuerySelector($"tr[data-review='{spam.Id}']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((5.0, 1), await store.RatingAsync(productId));
        var page = await shopper.GetDocumentAsync(productUrl);
        Assert.DoesNotContain("Spam spam spam", page.QuerySelector("#reviews")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("[data-testid=review]"));
        // Search tiles show the new rating: the change was published to the cached catalogue.
        Assert.Equal("Rated 5.0 out of 5 from 1 review", await TileRatingAsync(shopper, productName, productUrl));
        var onlyHidden = await admin.GetDocumentAsync($"/admin/reviews?status=hidden&product={productId}");
        Assert.Single(onlyHidden.QuerySelectorAll("tr[data-review]"));

        // Its author is told, on the product page, the form and after editing; the other author is not (session 51's review).
        const string told = "The store has hidden your review";
        Assert.StartsWith(told, (await second.GetDocumentAsync(productUrl)).QuerySelector("[data-testid=own-review-hidden]")?.TextContent, StringComparison.Ordinal);
        Assert.StartsWith(told, (await second.GetDocumentAsync($"/reviews/write/{productId}")).QuerySelector("[data-testid=own-review-hidden]")?.TextContent, StringComparison.Ordinal);
        Assert.Null((await first.GetDocumentAsync(productUrl)).QuerySelector("[data-testid=own-review-hidden]"));
        Assert.Null((await first.GetDocumentAsync($"/reviews/write/{productId}")).QuerySelector("[data-testid=own-review-hidden]"));
        var editForm = await second.GetDocumentAsync($"/reviews/write/{productId}");
        var edited = await Html.GetDocumentAsync(await second.SubmitAsync((IHtmlFormElement)editForm.QuerySelector("main form")!, new Dictionary<string, string> { ["Input.Title"] = "Spam spam spam" }));
        Assert.Equal("Your review is updated. The store has hidden it, so other shoppers still do not see it.", edited.QuerySelector("[data-testid=flash]")?.TextContent.Trim());
        Assert.True((await store.ReviewsOfAsync(productId)).Single(r => r.Id == spam.Id).IsHidden);

        await admin.SubmitAsync((IHtmlFormElement)onlyHidden.QuerySelector($"tr[data-review='{spam.Id}'] form")!);

        Assert.Equal((3.0, 2), await store.RatingAsync(productId));
        Assert.Equal(2, (await shopper.GetDocumentAsync(productUrl)).QuerySelectorAll("[data-testid=review]").Length);
        var trail = await AdminOrderData.AuditAsync(store, "Review", spam.Id);
        Assert.Equal(["True", "False"], trail.Where(a => a.Field == "IsHidden").Select(a => a.NewValue));
    }

    [Fact]
    public async Task Hiding_a_review_that_does_not_exist_says_so()
    {
        var admin = await store.SignedInClientAsync(StoreFactory.NewEmail("moderator"), role: WebApp.Accounts.Roles.Admin);
        var token = await AdminOrderData.TokenAsync(admin, "/admin/reviews");

        var response = await admin.PostAsync("/admin/reviews?handler=Hide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id"] = "987654321", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no longer exists", (await Html.GetDocumentAsync(response)).Body!.TextContent, StringComparison.Ordinal);
    }

    private static async Task Write(HttpClient client, int productId, string stars, string title = "A title")
    {
        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        var response = await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, new Dictionary<string, string>
        {
            ["Input.Stars"] = stars, ["Input.Title"] = title, ["Input.Body"] = "Some words.", ["Input.AuthorName"] = "Reviewer",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The rating on the product's tile in search results for its name.</summary>
    private static async Task<string> TileRatingAsync(HttpClient client, string productName, string productUrl)
    {
        var search = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(productName));
        var tile = search.QuerySelector($"main a[href='{productUrl}']")!.Closest("li, article")!;
        return tile.QuerySelector(".rating")!.GetAttribute("aria-label")!;
    }
}
