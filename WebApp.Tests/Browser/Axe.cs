using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace WebApp.Tests.Browser;

/// <summary>
/// Axe-core's serious and critical findings on a page, or on a part of one, as one line each. Every browser test that
/// checks accessibility asks here. Only violations come back in full: by default axe also returns every node that
/// passed each rule, megabytes of JSON for a listing, and reading that was most of an axe run's time on this machine.
/// </summary>
public static class Axe
{
    private static AxeRunOptions Options => new() { ResultTypes = [ResultType.Violations] };

    public static async Task<List<string>> SeriousViolationsAsync(IPage page) => Serious(await page.RunAxe(options: Options));

    public static async Task<List<string>> SeriousViolationsAsync(ILocator scope) => Serious(await scope.RunAxe(options: Options));

    private static List<string> Serious(AxeResult result) =>
        [.. result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id} at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target.ToString()))}")];
}
