using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebApp.Search;
using WebApp.Tests.Browser;
using WebApp.Tests.Infrastructure;

namespace WebApp.Tests.Spelling;

[Collection(BrowserTestsRunAlone.Name)]
public sealed class SpellingBrowserTests(BrowserStore store) : IClassFixture<BrowserStore>
{
    [BrowserFact]
    public async Task Shopper_mistypes_a_word_sees_the_correction_and_can_search_as_typed_at_1280_and_390_px()
    {
        await store.Services.GetRequiredService<SpellingVocabulary>().CatchUpAsync();
        var failures = new List<string>();
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            var context = await store.NewAxeContextAsync(width, height);
            var page = await context.NewPageAsync();
            await page.GotoAsync("/");

            await page.Locator("#site-search-q").FillAsync("laptp");
            await page.Locator("#site-search-q").PressAsync("Enter");
            await page.ArrivedAtAsync(url => url.Contains("/search?q=laptp", StringComparison.Ordinal));

            var notice = page.Locator("[data-testid=corrected]");
            await Assertions.Expect(notice).ToContainTextAsync("Showing results for laptop.");
            await Assertions.Expect(page.Locator(".product-card").First).ToBeVisibleAsync();
            failures.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"corrected at {width}px: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0) failures.Add($"corrected at {width}px scrolls sideways by {overflow}px");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserStore.ScreenshotDirectory, $"spelling-corrected-{width}.png") });

            await notice.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "laptp" }).ClickAsync();
            await page.ArrivedAtAsync(url => url.Contains("exact=1", StringComparison.Ordinal));
            await Assertions.Expect(page.Locator("[data-testid=corrected]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("h2", new PageLocatorOptions { HasText = "No products found" })).ToBeVisibleAsync();
            failures.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"as typed at {width}px: {v}"));
            await context.CloseAsync();
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [BrowserFact]
    public async Task A_mistyped_word_in_the_search_box_is_offered_corrected_and_chosen_with_the_keyboard()
    {
        await store.Services.GetRequiredService<SpellingVocabulary>().CatchUpAsync();
        var page = await store.NewPageAsync();
        await page.GotoAsync("/");
        var box = page.Locator("#site-search-q");
        await box.FillAsync("laptpo");

        var first = page.Locator("#search-suggestions [role=option]").First;
        await Assertions.Expect(first).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*Search for\s+laptop\s*$"));
        Assert.True(await page.Locator("#search-suggestions [role=option][data-type=product]").CountAsync() > 0, "the corrected word's products follow");
        await box.PressAsync("ArrowDown");
        await box.PressAsync("Enter");
        await page.ArrivedAtAsync(url => url.EndsWith("/search?q=laptop", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".product-card").First).ToBeVisibleAsync();
    }
}
