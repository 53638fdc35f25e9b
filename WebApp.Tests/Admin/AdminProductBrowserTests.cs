using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebApp.Data;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Admin;

[Collection(WebApp.Tests.Browser.BrowserTestsRunAlone.Name)]
public sealed class AdminProductBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    private static string Shot(string name) => Path.Combine(BrowserStore.ScreenshotDirectory, name);

    [BrowserFact]
    public async Task Admin_uploads_a_photo_and_changes_a_price_and_a_shopper_sees_both()
    {
        int id;
        string name;
        using (var scope = store.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StoreDbContext>();
            (id, name) = await db.Products.Where(p => p.IsActive).OrderByDescending(p => p.Id).Select(p => new ValueTuple<int, string>(p.Id, p.Name)).FirstAsync();
        }
        var email = StoreFactory.NewEmail("browser-admin");
        await store.CreateUserAsync(email, role: WebApp.Accounts.Roles.Admin);
        var photo = Path.Combine(Path.GetTempPath(), $"photo-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, AdminPhotoTests.Png(400, 300));

        var admin = await store.NewPageAsync();
        await admin.GotoAsync("/account/login?returnUrl=/admin/products");
        await admin.Locator("#Input_Email").FillAsync(email);
        await admin.Locator("#Input_Password").FillAsync(StoreFactory.Password);
        await admin.Locator("main form button[type=submit]").ClickAsync();
        await admin.ArrivedAtAsync("**/admin/products");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-products.png"), FullPage = true });

        await admin.GotoAsync($"/admin/products/{id}/edit");
        await admin.Locator("#Photo").SetInputFilesAsync(photo);
        await admin.Locator("[data-testid=photo-upload] button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=primary]")).ToBeVisibleAsync();
        await admin.Locator("#Input_Price").FillAsync("77.25");
        await admin.Locator("[data-testid=product-form] button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-testid=flash]")).ToContainTextAsync("Saved");
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-product-edit.png"), FullPage = true });
        await admin.SetViewportSizeAsync(390, 844);
        // The admin pages' own content (the site header's account slot is the layout's business).
        const string tooWide = "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ':' + Math.round(e.getBoundingClientRect().right)).join(' | ')";
        Assert.Equal("", await admin.EvaluateAsync<string>(tooWide));
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-product-edit-390.png"), FullPage = true });
        await admin.GotoAsync("/admin/products");
        Assert.Equal("", await admin.EvaluateAsync<string>(tooWide));
        await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("admin-products-390.png") });

        // Another browser context: a shopper with no shared cookies or cache.
        var shopper = await store.NewPageAsync();
        await shopper.GotoAsync("/search?q=" + Uri.EscapeDataString(name));
        var tile = shopper.Locator($".product-card:has(a[href^='/products/{id}/'])");
        await Assertions.Expect(tile.Locator(".price")).ToHaveTextAsync("$77.25");
        Assert.StartsWith("/media/", await tile.Locator("img").GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await tile.Locator("img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 400"), "the tile's photo loaded");
        await tile.Locator("a.product-card-link").ClickAsync();
        await Assertions.Expect(shopper.Locator("[data-testid=price]")).ToHaveTextAsync("$77.25");
        var image = shopper.Locator(".product-image");
        Assert.StartsWith("/media/", await image.GetAttributeAsync("src"), StringComparison.Ordinal);
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 400"), "the product page's photo loaded");
        await shopper.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("product-with-photo.png") });
        Assert.Equal(0, await shopper.Locator("[data-testid=product-thumbs]").CountAsync());

        // A second photo: both show as thumbnails, and one pressed shows in the main picture (the product page showed
        // the primary photo alone, an outside review, session 51).
        var second = Path.Combine(Path.GetTempPath(), $"photo-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(second, AdminPhotoTests.Png(320, 200));
        await admin.SetViewportSizeAsync(1280, 900);
        await admin.GotoAsync($"/admin/products/{id}/edit");
        await admin.Locator("#Photo").SetInputFilesAsync(second);
        await admin.Locator("[data-testid=photo-upload] button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-photo-id]")).ToHaveCountAsync(2);
        await shopper.ReloadAsync();
        var thumbs = shopper.Locator("[data-testid=product-thumbs] a");
        await Assertions.Expect(thumbs).ToHaveCountAsync(2);
        await Assertions.Expect(thumbs.Nth(0)).ToHaveAttributeAsync("aria-current", "true");
        await thumbs.Nth(1).ClickAsync();
        await Assertions.Expect(image).ToHaveAttributeAsync("src", (await thumbs.Nth(1).GetAttributeAsync("href"))!);
        await Assertions.Expect(thumbs.Nth(1)).ToHaveAttributeAsync("aria-current", "true");
        Assert.Null(await thumbs.Nth(0).GetAttributeAsync("aria-current"));
        await Assertions.Expect(shopper.Locator("#live-status")).ToHaveTextAsync("Showing photo 2 of 2");
        Assert.EndsWith(", photo 2 of 2", await image.GetAttributeAsync("alt"), StringComparison.Ordinal);
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 320"), "the second photo loaded");
        // The photo shown opens full size (on a phone it was pinch-zoom or nothing; session 53's review).
        await Assertions.Expect(shopper.Locator("a[data-gallery-full]")).ToHaveAttributeAsync("href", (await thumbs.Nth(1).GetAttributeAsync("href"))!);
        // A swipe to the right across it shows the one before (here the first: it wraps).
        await image.DispatchEventAsync("touchstart", new { touches = new[] { new { clientX = 100, clientY = 100, identifier = 0 } } });
        await image.EvaluateAsync("img => img.dispatchEvent(Object.assign(new Event('touchend'), { changedTouches: [{ clientX: 220, clientY: 104 }] }))");
        await Assertions.Expect(thumbs.Nth(0)).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(image).ToHaveAttributeAsync("src", (await thumbs.Nth(0).GetAttributeAsync("href"))!);
        await shopper.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("product-with-photos.png") });
        File.Delete(photo);
        File.Delete(second);
    }
}
