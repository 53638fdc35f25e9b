using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace WebApp.Tests.Browser;

/// <summary>
/// Axe-core's serious and critical findings on a page, or on a part of one, as one line each. Every browser test that
/// checks accessibility asks here.
/// <para>
/// axe-core (the version Deque.AxeCore bundles) runs in the page itself, as <c>axe.run</c> on the document: the store's
/// pages have no frames. Deque's <c>RunAxe</c> runs axe frame by frame and then opens a second, blank page to merge
/// the frames' results, injecting axe's 600 KB twice; that took 2.5-3.5 s per page on this machine, even on a page
/// with a heading and a form, and was most of the browser tests' time in CI. Only violations come back, filtered in
/// the page: the passes of a listing are megabytes of JSON.
/// </para>
/// </summary>
public static class Axe
{
    private static readonly string s_source = new BundledAxeScriptProvider().GetScript();

    private const string RunScript = """
        async scope => {
            // A colour still changing (a button's hover fading after a resize moved it from under the mouse) was
            // measured half way and read as low contrast (session 47); axe waits for the transitions that end.
            await Promise.all(document.getAnimations()
                .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime))
                .map(a => a.finished.catch(() => null)));
            const result = await axe.run(scope ?? document, { resultTypes: ['violations'] });
            return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ' at ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', '));
        }
        """;

    public static async Task<List<string>> SeriousViolationsAsync(IPage page)
    {
        await InjectAsync(page);
        return [.. await page.EvaluateAsync<string[]>(RunScript, null)];
    }

    public static async Task<List<string>> SeriousViolationsAsync(ILocator scope)
    {
        await InjectAsync(scope.Page);
        return [.. await scope.EvaluateAsync<string[]>(RunScript)];
    }

    // Once per document: a page that navigated has lost it.
    private static async Task InjectAsync(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(s_source);
    }
}
