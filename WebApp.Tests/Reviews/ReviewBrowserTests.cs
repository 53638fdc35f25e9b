using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebApp.Data;
using WebApp.Orders;
using WebApp.Tests.Admin;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Reviews;

[Collection(BrowserTestsRunAlone.Name)]
public sealed class ReviewBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    /// <summary>Products a test of this class has used (xUnit makes a new instance per test).</summary>
    private static readonly HashSet<int> s_taken = [];

    [BrowserFact]
    public async Task A_customer_whose_order_was_delivered_writes_a_review_and_sees_it_on_the_product_page()
    {
        var (productId, url) = await UnreviewedProductAsync();
        var email = StoreFactory.NewEmail("browser-reviewer");
        await store.CreateUserAsync(email);
        await AdminOrderData.InsertAsync(store, email, OrderStatus.Delivered, DateTime.UtcNow.AddDays(-2), productId: productId);
        var page = await SignedInPageAsync(email, url, bypassCsp: false);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Write a review" }).ClickAsync();
        await page.GetByLabel("4 stars", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("Title", new PageGetByLabelOptions { Exact = true }).FillAsync("Solid and well made");
        await page.GetByLabel("Your review", new PageGetByLabelOptions { Exact = true }).FillAsync("Arrived quickly. <b>Not bold</b>, just text.");
        await page.GetByLabel("Name shown with your review", new PageGetByLabelOptions { Exact = true }).FillAsync("Ada L.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Publish review" }).ClickAsync();

        await page.ArrivedAtAsync($"**{url}#reviews");
        var review = page.Locator("[data-testid=review]");
        await Assertions.Expect(review).ToHaveCountAsync(1);
        await Assertions.Expect(review).ToContainTextAsync("Solid and well made");
        await Assertions.Expect(review).ToContainTextAsync("Arrived quickly. <b>Not bold</b>, just text.");
        await Assertions.Expect(review.Locator("[data-testid=verified]")).ToHaveTextAsync("Verified purchase");
        await Assertions.Expect(review.GetByRole(AriaRole.Img, new LocatorGetByRoleOptions { Name = "4 out of 5 stars" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#reviews .rating")).ToHaveAttributeAsync("aria-label", "Rated 4.0 out of 5 from 1 review");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Edit your review" })).ToBeVisibleAsync();
    }

    [BrowserFact]
    public async Task Review_pages_have_no_serious_axe_violations_and_no_sideways_scrolling_at_1280_and_390_px()
    {
        var (productId, url) = await UnreviewedProductAsync();
        var email = StoreFactory.NewEmail("a11y-reviewer");
        await store.CreateUserAsync(email);
        await AdminOrderData.InsertAsync(store, email, OrderStatus.Shipped, DateTime.UtcNow.AddDays(-1), productId: productId);
        // A review of another product, with votes: its edit page warns about them and offers "Delete my review".
        var (editedId, _) = await UnreviewedProductAsync();
        await AdminOrderData.InsertAsync(store, email, OrderStatus.Shipped, DateTime.UtcNow.AddDays(-1), productId: editedId);
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            db.Reviews.Add(new WebApp.Reviews.Review
            {
                ProductId = editedId, UserId = userId, AuthorName = "Ada", Stars = 4, Title = "Good kettle", Body = "Boils fast.",
                IsVerifiedPurchase = true, HelpfulCount = 2, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var popular = await PopularProductUrlAsync();
        var customer = await SignedInPageAsync(email, url, bypassCsp: true);
        var adminEmail = StoreFactory.NewEmail("a11y-review-admin");
        await store.CreateUserAsync(adminEmail, role: WebApp.Accounts.Roles.Admin);
        var admin = await SignedInPageAsync(adminEmail, "/admin/reviews", bypassCsp: true);

        // Each page's own part is checked (the header and footer belong to the storefront's accessibility tests).
        var pages = new (string Name, IPage Page, string Path, string Scope, Func<IPage, Task>? Prepare)[]
        {
            ("product reviews", customer, popular, "#reviews", null),
            ("write a review", customer, $"/reviews/write/{productId}", "main", null),
            ("write a review with errors", customer, $"/reviews/write/{productId}", "main", async p =>
            {
                await p.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Publish review" }).ClickAsync();
                await Assertions.Expect(p.Locator("[data-valmsg-for='Input.Stars']")).Not.ToBeEmptyAsync();
            }),
            ("edit a review, delete opened", customer, $"/reviews/write/{editedId}", "main", async p =>
            {
                await p.Locator("[data-testid=delete-review] summary").ClickAsync();
                await Assertions.Expect(p.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Yes, delete my review" })).ToBeVisibleAsync();
                await Assertions.Expect(p.Locator("[data-testid=votes-cleared]")).ToContainTextAsync("Saving changes clears its 2 helpful votes");
            }),
            ("admin reviews", admin, "/admin/reviews", "main", null),
        };
        var failures = new List<string>();
        foreach (var width in new[] { 1280, 390 })
        {
            foreach (var (name, page, path, scope, prepare) in pages)
            {
                await page.SetViewportSizeAsync(width, 900);
                await page.GotoAsync(path);
                if (prepare is not null) await prepare(page);
                failures.AddRange((await Axe.SeriousViolationsAsync(page.Locator(scope).First)).Select(v => $"{name} at {width}px: {v}"));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                if (overflow > 0) failures.Add($"{name} at {width}px scrolls sideways by {overflow}px");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, $"reviews-{name.Replace(' ', '-')}-{width}.png"), FullPage = true });
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<(int Id, string Url)> UnreviewedProductAsync()
    {
        using var scope = store.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
        // A local copy: EF reads a static readonly field into the cached query once, so a second call in one test got the first's product.
        var taken = s_taken.ToList();
        var product = await db.Products.Where(p => p.IsActive && p.Stock > 0 && !db.Reviews.Any(r => r.ProductId == p.Id) && !taken.Contains(p.Id))
            .OrderByDescending(p => p.Id).Select(p => new { p.Id, p.Slug }).FirstAsync();
        s_taken.Add(product.Id);
        return (product.Id, WebApp.Catalog.Product.UrlFor(product.Id, product.Slug));
    }

    private async Task<string> PopularProductUrlAsync()
    {
        using var scope = store.Services.CreateScope();
        var product = await scope.ServiceProvider.GetRequiredService<StoreDbContext>().Products
            .Where(p => p.IsActive && p.RatingCount > 10).OrderBy(p => p.Id).Select(p => new { p.Id, p.Slug }).FirstAsync();
        return WebApp.Catalog.Product.UrlFor(product.Id, product.Slug);
    }

    private async Task<IPage> SignedInPageAsync(string email, string returnUrl, bool bypassCsp)
    {
        // The site's CSP would block the script axe injects; only the accessibility run needs it lifted.
        var context = await store.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = store.BaseUrl, BypassCSP = bypassCsp, ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(StoreFactory.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.ArrivedAtAsync("**" + returnUrl);
        return page;
    }
}
