using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Admin;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

public sealed class ReviewTests(ReviewStore store) : IClassFixture<ReviewStore>
{
    private static Dictionary<string, string> Values(string stars = "5", string title = "Sturdy and quiet", string body = "Used it every day for a month.", string name = "Ada L.") => new()
    {
        ["Input.Stars"] = stars,
        ["Input.Title"] = title,
        ["Input.Body"] = body,
        ["Input.AuthorName"] = name,
    };

    private static async Task<HttpResponseMessage> WriteAsync(HttpClient client, int productId, Dictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        if (values["Input.Stars"] is "1" or "2" or "3" or "4" or "5") return await client.SubmitAsync((IHtmlFormElement)page.QuerySelector("main form")!, values);
        // A rating the radio buttons do not offer: posted by hand, with the form's own token, as a script would.
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync($"/reviews/write/{productId}", new FormUrlEncodedContent(new Dictionary<string, string>(values) { ["__RequestVerificationToken"] = token }));
    }

    [Theory]
    [InlineData(OrderStatus.Shipped)]
    [InlineData(OrderStatus.Delivered)]
    public async Task A_customer_whose_order_has_shipped_reviews_the_product_and_it_shows_as_a_verified_purchase(OrderStatus status)
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, status);

        var response = await WriteAsync(client, productId, Values(stars: "4", title: "Does the job well"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.EndsWith(await store.ProductUrlAsync(productId), page.Url.Split('#')[0], StringComparison.Ordinal);
        var review = Assert.Single(page.QuerySelectorAll("[data-testid=review]"));
        Assert.Contains("Does the job well", review.TextContent, StringComparison.Ordinal);
        Assert.NotNull(review.QuerySelector("[data-testid=verified]"));
        Assert.Equal("4 out of 5 stars", review.QuerySelector(".stars[role=img]")!.GetAttribute("aria-label"));
        Assert.Equal((4.0, 1), await store.RatingAsync(productId));
    }

    [Fact]
    public async Task The_suggested_review_name_is_the_first_name_on_the_order_and_never_part_of_the_email_address()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, email) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);

        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");

        var suggested = ((IHtmlInputElement)page.QuerySelector("#Input_AuthorName")!).Value;
        Assert.Equal("Grace", suggested);
        Assert.DoesNotContain(email.Split('@')[0], page.QuerySelector("main form")!.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(OrderStatus.Placed)]
    [InlineData(OrderStatus.Paid)]
    [InlineData(OrderStatus.Cancelled)]
    public async Task A_customer_whose_order_has_not_shipped_cannot_review_even_by_posting_directly(OrderStatus status)
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, status);
        // A form the customer can open (another product they did receive) gives a valid token to forge the post with.
        var other = await store.UnreviewedProductAsync();
        await AdminOrderData.InsertAsync(store, (await store.CustomerWithOrderAsync(other, OrderStatus.Delivered)).Email, OrderStatus.Delivered, DateTime.UtcNow, productId: other);

        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        Assert.NotNull(page.QuerySelector("[data-testid=not-a-buyer]"));
        Assert.Null(page.QuerySelector("main form"));
        var product = await client.GetDocumentAsync(await store.ProductUrlAsync(productId));
        Assert.Null(product.QuerySelector("[data-testid=write-review]"));

        var token = await AdminOrderData.TokenAsync(client, "/account/manage");
        var forged = await client.PostAsync($"/reviews/write/{productId}", new FormUrlEncodedContent(new Dictionary<string, string>(Values()) { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.NotNull((await Html.GetDocumentAsync(forged)).QuerySelector("[data-testid=not-a-buyer]"));
        Assert.Empty(await store.ReviewsOfAsync(productId));
        Assert.Equal((0.0, 0), await store.RatingAsync(productId));
    }

    [Fact]
    public async Task A_customer_who_bought_something_else_cannot_review_this_product()
    {
        var productId = await store.UnreviewedProductAsync();
        var other = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(other, OrderStatus.Delivered);

        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");

        Assert.NotNull(page.QuerySelector("[data-testid=not-a-buyer]"));
        Assert.NotNull((await client.GetDocumentAsync($"/reviews/write/{other}")).QuerySelector("main form"));
    }

    [Fact]
    public async Task Writing_a_review_needs_signing_in_and_the_product_page_says_so()
    {
        var productId = await store.UnreviewedProductAsync();
        var anonymous = store.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync($"/reviews/write/{productId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        var product = await store.CreateClient().GetDocumentAsync(await store.ProductUrlAsync(productId));
        Assert.Contains("Sign in to review it", product.QuerySelector("#reviews")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_reviews_a_product_once_and_writing_again_edits_that_review()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(client, productId, Values(stars: "2", title: "First impressions"));

        var form = await client.GetDocumentAsync($"/reviews/write/{productId}");
        Assert.Equal("First impressions", ((IHtmlInputElement)form.QuerySelector("#Input_Title")!).Value);
        Assert.True(((IHtmlInputElement)form.QuerySelector("#stars-2")!).IsChecked);
        Assert.Contains("Edit your review", form.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        await WriteAsync(client, productId, Values(stars: "5", title: "Grew on me"));

        var review = Assert.Single(await store.ReviewsOfAsync(productId));
        Assert.Equal(("Grew on me", 5), (review.Title, review.Stars));
        Assert.Equal((5.0, 1), await store.RatingAsync(productId));
        var product = await client.GetDocumentAsync(await store.ProductUrlAsync(productId));
        Assert.Equal("Edit your review", product.QuerySelector("[data-testid=write-review]")!.TextContent.Trim());
    }

    [Fact]
    public async Task Two_reviews_submitted_at_once_by_the_same_customer_make_one_review()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        var form = (IHtmlFormElement)page.QuerySelector("main form")!;

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(i => client.SubmitAsync(form, Values(stars: i.ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var review = Assert.Single(await store.ReviewsOfAsync(productId));
        Assert.Equal(((double)review.Stars, 1), await store.RatingAsync(productId));
    }

    [Fact]
    public async Task The_rating_is_the_average_and_count_of_the_visible_reviews()
    {
        var productId = await store.UnreviewedProductAsync();
        foreach (var stars in new[] { "5", "4", "1" })
        {
            var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Shipped);
            await WriteAsync(client, productId, Values(stars: stars));
        }

        Assert.Equal((10.0 / 3, 3), await store.RatingAsync(productId));
        var page = await store.CreateClient().GetDocumentAsync(await store.ProductUrlAsync(productId));
        Assert.Equal("Rated 3.3 out of 5 from 3 reviews", page.QuerySelector("#reviews .rating[role=img]")!.GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Seeded_demo_ratings_agree_with_the_demo_reviews_behind_them()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var disagreeing = await db.Database.SqlQueryRaw<int>("""
            SELECT p.Id AS Value FROM Products p
            WHERE p.RatingCount <> (SELECT COUNT(*) FROM Reviews r WHERE r.ProductId = p.Id AND r.IsHidden = 0)
               OR abs(p.RatingAverage - COALESCE((SELECT AVG(Stars) FROM Reviews r WHERE r.ProductId = p.Id AND r.IsHidden = 0), 0)) > 1e-9
            """).ToListAsync();

        Assert.Empty(disagreeing);
        Assert.True(await db.Reviews.CountAsync() > 50, "the demo store has reviews to read");
        Assert.False(await db.Reviews.AnyAsync(r => r.UserId == null && r.IsVerifiedPurchase), "a demo review is never a verified purchase");
    }

    [Fact]
    public async Task Seeded_demo_reviews_of_one_product_are_not_the_same_text_over_and_over()
    {
        // A product with 89 demo reviews had ten different texts, each word for word several times (an outside review,
        // session 44).
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var seeded = db.Reviews.Where(r => r.UserId == null);
        var busiest = await seeded.GroupBy(r => r.ProductId).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        var bodies = await seeded.Where(r => r.ProductId == busiest).Select(r => r.Body).ToListAsync();

        Assert.True(bodies.Count >= 20, $"the busiest product has {bodies.Count} demo reviews");
        Assert.Equal(bodies.Count, bodies.Distinct().Count());
        // And in English: a feature is never "The a new preface" (a second outside review, session 44).
        Assert.False(await seeded.AnyAsync(r => r.Body.Contains("The a ") || r.Body.Contains("The an ") || r.Body.Contains("the a ")));
        Assert.True(await seeded.Select(r => r.Body).Distinct().CountAsync() * 2 > await seeded.CountAsync(), "most demo reviews read differently");
    }

    [Fact]
    public async Task Review_text_is_shown_as_text_never_as_html()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> & <b>bold</b>";

        await WriteAsync(client, productId, Values(title: "<i>Title</i> \"quoted\"", body: hostile, name: "<svg onload=alert(2)>"));

        var response = await store.CreateClient().GetAsync(await store.ProductUrlAsync(productId));
        var html = await response.Content.ReadAsStringAsync();
        var page = await Html.GetDocumentAsync(response);
        var review = page.QuerySelector("[data-testid=review]")!;
        Assert.Equal(hostile, review.QuerySelector(".review-body")!.TextContent);
        Assert.Equal("<i>Title</i> \"quoted\"", review.QuerySelector(".review-title")!.TextContent);
        Assert.Empty(review.QuerySelectorAll("script, img, b, i, svg"));
        Assert.DoesNotContain("<script>alert('x')", html, StringComparison.Ordinal);
        Assert.Equal(hostile, (await store.ReviewsOfAsync(productId)).Single().Body);
    }

    [Fact]
    public async Task A_shipped_orders_lines_link_to_writing_their_reviews_and_a_placed_ones_do_not()
    {
        // Only the product's page led to it (an outside review, session 48).
        var productId = await store.UnreviewedProductAsync();
        var email = StoreFactory.NewEmail("fromorder");
        var client = await store.SignedInClientAsync(email);
        var shipped = await AdminOrderData.InsertAsync(store, email, OrderStatus.Shipped, DateTime.UtcNow.AddDays(-2), productId: productId);
        var placed = await AdminOrderData.InsertAsync(store, email, OrderStatus.Placed, DateTime.UtcNow, productId: productId);

        var link = (await client.GetDocumentAsync($"/orders/{shipped.Id}")).QuerySelector("[data-testid=write-review-line]")!;
        Assert.StartsWith("Write a review", link.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link.GetAttribute("href"))).StatusCode);
        Assert.Equal($"/reviews/write/{productId}", link.GetAttribute("href"));
        Assert.Null((await client.GetDocumentAsync($"/orders/{placed.Id}")).QuerySelector("[data-testid=write-review-line]"));
    }

    [Fact]
    public async Task A_shipped_line_of_a_product_no_longer_sold_links_to_neither_its_page_nor_a_review()
    {
        // Both links led to 404s once the product was hidden (an outside review, session 51).
        var productId = await store.UnreviewedProductAsync();
        var email = StoreFactory.NewEmail("nolonger");
        var client = await store.SignedInClientAsync(email);
        var shipped = await AdminOrderData.InsertAsync(store, email, OrderStatus.Shipped, DateTime.UtcNow.AddDays(-2), productId: productId);
        Assert.NotNull((await client.GetDocumentAsync($"/orders/{shipped.Id}")).QuerySelector("[data-testid=write-review-line]"));

        using (var scope = store.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebApp.Data.StoreDbContext>().Products.Where(p => p.Id == productId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));
        }
        var page = await client.GetDocumentAsync($"/orders/{shipped.Id}");
        var line = page.QuerySelector("[data-testid=order-line]")!;
        Assert.Null(line.QuerySelector("[data-testid=write-review-line]"));
        Assert.Null(line.QuerySelector("a[href^='/products/']"));
        Assert.Equal("(no longer sold)", line.QuerySelector("[data-testid=no-longer-sold]")!.TextContent);
    }

    public static TheoryData<string, string, string, string, string> BadInput => new()
    {
        { "", "Title", "Body", "Name", "Input.Stars" },
        { "0", "Title", "Body", "Name", "Input.Stars" },
        { "6", "Title", "Body", "Name", "Input.Stars" },
        { "five", "Title", "Body", "Name", "Input.Stars" },
        // Hexadecimal, which the framework's converters read as five stars (an outside review, session 48).
        { "0x5", "Title", "Body", "Name", "Input.Stars" },
        { "&h5", "Title", "Body", "Name", "Input.Stars" },
        // Text that prints nothing, stored as a review (the same review).
        { "5", "\u2800", "Body", "Name", "Input.Title" },
        { "5", "Title", "\u200b\u200b\u200b", "Name", "Input.Body" },
        { "5", "Title", "Body", "\u3164", "Input.AuthorName" },
        { "5", "", "Body", "Name", "Input.Title" },
        { "5", "   ", "Body", "Name", "Input.Title" },
        { "5", new string('t', 121), "Body", "Name", "Input.Title" },
        { "5", "Title", "", "Name", "Input.Body" },
        { "5", "Title", new string('b', 4001), "Name", "Input.Body" },
        { "5", "Title", "Body", "", "Input.AuthorName" },
        { "5", "Title", "Body", new string('n', 61), "Input.AuthorName" },
        // Text-direction overrides draw a text in another order than it is stored ("Nice \u202Egnp.exe" shows as
        // "Nice exe.png"); checkout refused them, reviews did not (an outside review, session 44). Control characters are
        // dropped as before.
        { "5", "Nice \u202Egnp.exe", "Body", "Name", "Input.Title" },
        { "5", "Title", "Good\u2066 value", "Name", "Input.Body" },
        { "5", "Title", "Body", "Adm\u202Enimi", "Input.AuthorName" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_re_renders_the_form_with_a_field_message_and_writes_nothing(string stars, string title, string body, string name, string field)
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);

        var response = await WriteAsync(client, productId, Values(stars, title, body, name));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"[data-valmsg-for='{field}']")!.TextContent));
        // In the store's words, never the framework's "The value 'five' is not valid for Stars" (session 44).
        Assert.DoesNotContain("is not valid for", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await store.ReviewsOfAsync(productId));
    }

    [Fact]
    public async Task A_rating_posted_twice_is_refused_and_a_refused_field_is_named_by_its_label()
    {
        // "Input.Stars=5&Input.Stars=1" was taken as 5 without a word; the summary named the body "Body" where its label
        // says "Your review" (an outside review, session 51).
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        var page = await client.GetDocumentAsync($"/reviews/write/{productId}");
        var token = page.QuerySelector("main form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var twice = await client.PostAsync($"/reviews/write/{productId}", new FormUrlEncodedContent(
        [
            new("Input.Stars", "5"), new("Input.Stars", "1"), new("Input.Title", "Fine"), new("Input.Body", "Works."),
            new("Input.AuthorName", "Ada"), new("__RequestVerificationToken", token),
        ]));
        var refused = await Html.GetDocumentAsync(twice);
        Assert.Equal("Choose a rating from 1 to 5 stars.", refused.QuerySelector("[data-valmsg-for='Input.Stars']")!.TextContent.Trim());
        Assert.Empty(await store.ReviewsOfAsync(productId));

        var blank = await Html.GetDocumentAsync(await WriteAsync(client, productId, Values(title: "\u200B\u200B", body: "\u200B\u200B")));
        var summary = blank.QuerySelector("[data-testid=review-errors]")!.TextContent;
        Assert.Contains("Your review: This shows nothing", summary, StringComparison.Ordinal);
        Assert.Contains("Title: This shows nothing", summary, StringComparison.Ordinal);
        Assert.Empty(await store.ReviewsOfAsync(productId));
    }

    [Fact]
    public async Task A_review_body_keeps_its_paragraphs()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);

        await WriteAsync(client, productId, Values(body: "First paragraph.\r\n\r\nSecond,\tafter a tab."));

        // A tab is a space, where it was dropped ("a\tb" was "ab"; a second outside review, session 44).
        Assert.Equal("First paragraph.\n\nSecond, after a tab.", Assert.Single(await store.ReviewsOfAsync(productId)).Body.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_longest_allowed_title_and_body_are_kept_whole()
    {
        var productId = await store.UnreviewedProductAsync();
        var (client, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);

        await WriteAsync(client, productId, Values(title: new string('t', 120), body: new string('b', 4000), name: new string('n', 60)));

        var review = Assert.Single(await store.ReviewsOfAsync(productId));
        Assert.Equal((120, 4000, 60), (review.Title.Length, review.Body.Length, review.AuthorName.Length));
    }

    [Fact]
    public async Task A_review_is_found_helpful_once_per_customer_and_never_by_its_author()
    {
        var productId = await store.UnreviewedProductAsync();
        var (author, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(author, productId, Values());
        var url = await store.ProductUrlAsync(productId);
        Assert.Null((await author.GetDocumentAsync(url)).QuerySelector("[data-testid=helpful]"));
        var reviewId = (await store.ReviewsOfAsync(productId)).Single().Id;
        var ownToken = await AdminOrderData.TokenAsync(author, "/account/manage");
        await author.PostAsync($"/reviews/{reviewId}/helpful", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = ownToken }));

        var reader = await store.SignedInClientAsync(StoreFactory.NewEmail("reader"));
        var page = await reader.GetDocumentAsync(url);
        var vote = (IHtmlFormElement)page.QuerySelector("[data-testid=helpful]")!.Closest("form")!;
        // The page anonymous visitors share is in the page cache before the vote (stored from its second request).
        await store.CreateClient().GetAsync(url);
        await store.CreateClient().GetAsync(url);
        Assert.Equal("hit", (await store.CreateClient().GetAsync(url)).Headers.GetValues(WebApp.Catalog.CatalogPageCache.StatusHeader).Single());
        var first = await reader.SubmitAsync(vote);
        var second = await reader.SubmitAsync(vote);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, (await store.ReviewsOfAsync(productId)).Single().HelpfulCount);
        var after = await Html.GetDocumentAsync(first);
        Assert.Equal("1 person found this helpful", after.QuerySelector("[data-testid=helpful-count]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=helpful]"));
        // The vote evicted it: the next anonymous visitor sees the count.
        var shared = await store.CreateClient().GetDocumentAsync(url);
        Assert.Equal("1 person found this helpful", shared.QuerySelector("[data-testid=helpful-count]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_customer_deletes_their_own_review_after_a_confirm_step_and_the_rating_follows_at_once()
    {
        var productId = await store.UnreviewedProductAsync();
        var (author, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(author, productId, Values(stars: "2"));
        var (other, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(other, productId, Values(stars: "4"));
        Assert.Equal((3.0, 2), await store.RatingAsync(productId));

        var page = await author.GetDocumentAsync($"/reviews/write/{productId}");
        // The confirm step: a details element whose button is the delete, so it works without script.
        var confirm = page.QuerySelector("details[data-testid=delete-review]")!;
        Assert.Equal("Delete my review", confirm.QuerySelector("summary")!.TextContent.Trim());
        var done = await Html.GetDocumentAsync(await author.SubmitAsync((IHtmlFormElement)confirm.QuerySelector("form")!));

        Assert.Contains("Your review is deleted", done.QuerySelector("[data-testid=flash]")!.TextContent, StringComparison.Ordinal);
        // Said at the head of the reviews, where the page comes back to (#reviews), and focused there: at the page's top
        // it was ~1,000 px above the screen (a second review, session 53). Escape folds the confirm step (data-confirm).
        Assert.NotNull(done.QuerySelector("#reviews [data-testid=flash][data-focus-on-load]"));
        Assert.NotNull(confirm.GetAttribute("data-confirm"));
        Assert.Equal((4.0, 1), await store.RatingAsync(productId));
        Assert.Single(done.QuerySelectorAll("[data-testid=review]"));
        Assert.Single(await store.ReviewsOfAsync(productId));
        // Writing again starts afresh; a shopper with no review has no delete.
        Assert.Null((await author.GetDocumentAsync($"/reviews/write/{productId}")).QuerySelector("[data-testid=delete-review]"));
    }

    [Fact]
    public async Task Deleting_the_account_deletes_its_reviews_votes_reports_and_back_in_stock_requests_and_the_ratings_follow()
    {
        var productId = await store.UnreviewedProductAsync();
        var (leaving, email) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(leaving, productId, Values(stars: "1"));
        var (staying, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(staying, productId, Values(stars: "5"));
        var reviews = await store.ReviewsOfAsync(productId);
        var kept = reviews.Single(r => r.Stars == 5).Id;
        var token = await AdminOrderData.TokenAsync(leaving, "/account/manage");
        await leaving.PostAsync($"/reviews/{kept}/helpful", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.ReviewReports.Add(new WebApp.Reviews.ReviewReport { ReviewId = kept, UserId = userId, Reason = "other", At = DateTime.UtcNow });
            db.BackInStockRequests.Add(new WebApp.Catalog.BackInStockRequest { ProductId = productId, Email = email, ProductLink = "http://localhost/products/1/x", StopToken = new string('a', 32) });
            await db.SaveChangesAsync();
        }
        Assert.Equal(1, (await store.ReviewsOfAsync(productId)).Single(r => r.Id == kept).HelpfulCount);
        Assert.Equal((3.0, 2), await store.RatingAsync(productId));

        var manage = await leaving.GetDocumentAsync("/account/manage");
        // Said before the button, not found out after.
        Assert.Contains("your reviews", manage.QuerySelector("[data-testid=delete-what]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("back-in-stock requests", manage.QuerySelector("[data-testid=delete-what]")!.TextContent, StringComparison.Ordinal);
        await leaving.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#delete")!, new Dictionary<string, string> { ["Delete.Password"] = StoreFactory.Password });

        var left = Assert.Single(await store.ReviewsOfAsync(productId));
        Assert.Equal(kept, left.Id);
        Assert.Equal(0, left.HelpfulCount);
        Assert.Equal((5.0, 1), await store.RatingAsync(productId));
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            Assert.False(await db.ReviewVotes.AnyAsync(v => v.ReviewId == kept));
            Assert.False(await db.ReviewReports.AnyAsync(r => r.ReviewId == kept));
            Assert.False(await db.BackInStockRequests.AnyAsync(r => r.Email == email));
        }
        var product = await store.CreateClient().GetDocumentAsync(await store.ProductUrlAsync(productId));
        Assert.Single(product.QuerySelectorAll("[data-testid=review]"));
    }

    [Fact]
    public async Task Changing_what_a_review_says_clears_its_helpful_votes_as_the_form_warns_and_keeps_its_reports()
    {
        var productId = await store.UnreviewedProductAsync();
        var (author, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(author, productId, Values(stars: "5", body: "Quiet and sturdy."));
        var reviewId = (await store.ReviewsOfAsync(productId)).Single().Id;
        foreach (var reader in new[] { "reader-a", "reader-b" })
        {
            var client = await store.SignedInClientAsync(StoreFactory.NewEmail(reader));
            var token = await AdminOrderData.TokenAsync(client, "/account/manage");
            await client.PostAsync($"/reviews/{reviewId}/helpful", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        }
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var reporter = await db.Users.Select(u => u.Id).FirstAsync();
            db.ReviewReports.Add(new WebApp.Reviews.ReviewReport { ReviewId = reviewId, UserId = reporter, Reason = "spam", At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        Assert.Equal(2, (await store.ReviewsOfAsync(productId)).Single().HelpfulCount);

        var form = await author.GetDocumentAsync($"/reviews/write/{productId}");
        Assert.StartsWith("Saving changes clears its 2 helpful votes", form.QuerySelector("[data-testid=votes-cleared]")!.TextContent.Trim(), StringComparison.Ordinal);

        // A new name alone keeps them: the votes were for what it says.
        await WriteAsync(author, productId, Values(stars: "5", body: "Quiet and sturdy.", name: "Ada Lovelace"));
        Assert.Equal(2, (await store.ReviewsOfAsync(productId)).Single().HelpfulCount);

        var after = await Html.GetDocumentAsync(await WriteAsync(author, productId, Values(stars: "1", body: "Broke in a week.", name: "Ada Lovelace")));

        Assert.Equal(0, (await store.ReviewsOfAsync(productId)).Single().HelpfulCount);
        Assert.Null(after.QuerySelector($"#review-{reviewId} [data-testid=helpful-count]"));
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            Assert.False(await db.ReviewVotes.AnyAsync(v => v.ReviewId == reviewId));
            Assert.True(await db.ReviewReports.AnyAsync(r => r.ReviewId == reviewId));   // reports stay for the moderators
        }
        Assert.Null((await author.GetDocumentAsync($"/reviews/write/{productId}")).QuerySelector("[data-testid=votes-cleared]"));
    }

    [Fact]
    public async Task Download_my_data_and_the_privacy_page_cover_reviews_votes_reports_and_back_in_stock_requests()
    {
        var productId = await store.UnreviewedProductAsync();
        var (shopper, email) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(shopper, productId, Values(stars: "3", title: "Fine for the price", name: "Ada L."));
        var (other, _) = await store.CustomerWithOrderAsync(productId, OrderStatus.Delivered);
        await WriteAsync(other, productId, Values(stars: "5"));
        var otherReview = (await store.ReviewsOfAsync(productId)).Single(r => r.Stars == 5).Id;
        var token = await AdminOrderData.TokenAsync(shopper, "/account/manage");
        await shopper.PostAsync($"/reviews/{otherReview}/helpful", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.ReviewReports.Add(new WebApp.Reviews.ReviewReport { ReviewId = otherReview, UserId = userId, Reason = "offtopic", At = DateTime.UtcNow });
            db.BackInStockRequests.Add(new WebApp.Catalog.BackInStockRequest { ProductId = productId, Email = email, ProductLink = "http://localhost/products/1/x", StopToken = new string('b', 32) });
            await db.SaveChangesAsync();
        }

        var manage = await shopper.GetDocumentAsync("/account/manage");
        var download = await shopper.SubmitAsync((IHtmlFormElement)manage.QuerySelector("form#download")!);
        using var json = System.Text.Json.JsonDocument.Parse(await download.Content.ReadAsStringAsync());

        var review = Assert.Single(json.RootElement.GetProperty("Reviews").EnumerateArray());
        Assert.Equal("Fine for the price", review.GetProperty("Title").GetString());
        // Times with their zone (they read as local times; a second review, session 53).
        Assert.EndsWith("Z", json.RootElement.GetProperty("CreatedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ada L.", review.GetProperty("AuthorName").GetString());
        Assert.Equal(otherReview, Assert.Single(json.RootElement.GetProperty("HelpfulVotes").EnumerateArray()).GetProperty("ReviewId").GetInt32());
        Assert.Equal("offtopic", Assert.Single(json.RootElement.GetProperty("ReviewReports").EnumerateArray()).GetProperty("Reason").GetString());
        Assert.Equal(productId, Assert.Single(json.RootElement.GetProperty("BackInStockRequests").EnumerateArray()).GetProperty("ProductId").GetInt32());

        var privacy = (await store.CreateClient().GetDocumentAsync("/pages/privacy")).QuerySelector("main")!.TextContent;
        Assert.Contains("Your reviews", privacy, StringComparison.Ordinal);
        Assert.Contains("Helpful votes and reports", privacy, StringComparison.Ordinal);
        Assert.Contains("Back-in-stock requests", privacy, StringComparison.Ordinal);
        Assert.Contains("published on the product's page under that name", privacy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviews_are_paged_ten_at_a_time_newest_first_or_most_helpful_first()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var popular = await db.Products.Where(p => p.IsActive && p.RatingCount > 20).OrderBy(p => p.Id).Select(p => new { p.Id, p.RatingCount }).FirstAsync();
        var visible = db.Reviews.Where(r => r.ProductId == popular.Id && !r.IsHidden);
        var newest = await visible.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id).ToListAsync();
        // Helpful votes from three readers on the oldest review put it first when sorted by helpfulness.
        var oldest = newest[^1];
        foreach (var _ in Enumerable.Range(0, 3))
        {
            var reader = await store.SignedInClientAsync(StoreFactory.NewEmail("voter"));
            var token = await AdminOrderData.TokenAsync(reader, "/account/manage");
            await reader.PostAsync($"/reviews/{oldest}/helpful", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        }
        var url = await store.ProductUrlAsync(popular.Id);
        var client = store.CreateClient();

        var first = await client.GetDocumentAsync(url);
        var second = await client.GetDocumentAsync(url + "?rpage=2");
        var helpful = await client.GetDocumentAsync(url + "?reviews=helpful");

        Assert.Equal(newest.Take(10), Ids(first));
        Assert.Equal(newest.Skip(10).Take(10), Ids(second));
        Assert.Equal(oldest, Ids(helpful)[0]);
        Assert.Contains($"{popular.RatingCount} reviews", first.QuerySelector("#reviews .rating")!.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("#reviews a[href*='rpage=2']"));
        // Past the end, any number of digits is the last page (20 digits showed page 1, 10 of 9 the last; session 53's review).
        var last = Ids(await client.GetDocumentAsync(url + "?rpage=9999"));
        Assert.Equal(last, Ids(await client.GetDocumentAsync(url + "?rpage=99999999999999999999")));
        Assert.NotEqual(Ids(first), last);

        static List<int> Ids(IHtmlDocument page) => [.. page.QuerySelectorAll("[data-testid=review]").Select(e => int.Parse(e.Id!["review-".Length..], System.Globalization.CultureInfo.InvariantCulture))];
    }

    [Fact]
    public async Task Signing_in_to_vote_comes_back_to_the_page_of_reviews_the_review_was_on()
    {
        // Found by an outside review: it came back to page 1, where a review from page 2 is not.
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        var popular = await db.Products.Where(p => p.IsActive && p.RatingCount > 20).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var url = await store.ProductUrlAsync(popular);
        var page = await store.CreateClient().GetDocumentAsync(url + "?rpage=2&reviews=helpful");
        var review = page.QuerySelector("[data-testid=review]")!;
        var signIn = review.QuerySelectorAll("a").Single(a => a.TextContent == "Sign in to vote").GetAttribute("href")!;
        var returnUrl = Uri.UnescapeDataString(signIn[(signIn.IndexOf("returnUrl=", StringComparison.Ordinal) + "returnUrl=".Length)..]);

        // Signed in through the form the link leads to, which sends the shopper to the return address, and that back.
        var email = StoreFactory.NewEmail("returning");
        await store.CreateUserAsync(email);
        var reader = store.CreateBrowserlessClient();
        using var signedIn = await StoreFactory.Login(reader, email, StoreFactory.Password, returnUrl);
        Assert.Equal(returnUrl, signedIn.Headers.Location!.OriginalString);
        using var back = await reader.GetAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal($"{url}?reviews=helpful&rpage=2#{review.Id}", back.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("?rpage=9999")]
    [InlineData("?rpage=-3")]
    [InlineData("?rpage=abc&reviews=%3Cscript%3E")]
    public async Task Odd_review_paging_in_the_address_still_shows_the_product(string query)
    {
        var response = await store.CreateClient().GetAsync(await store.ProductUrlAsync(1) + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Html.GetDocumentAsync(response)).QuerySelector("#reviews"));
    }
}
