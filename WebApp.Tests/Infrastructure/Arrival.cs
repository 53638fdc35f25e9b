using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace WebApp.Tests.Infrastructure;

/// <summary>
/// Waiting until a browser page is at an address. Playwright's own <c>WaitForURLAsync</c> reads the page's address and
/// only then starts listening for the next navigation; the address is updated on Playwright's connection thread, so a
/// navigation committed between the two on a busy machine is never seen and the wait runs out (once in CI, 90 s after
/// a sort menu had already reloaded the listing). Here the address is polled instead, and then the document's
/// <c>readyState</c> (see <see cref="LoadedAsync"/>).
/// </summary>
public static class Arrival
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Waits until the address matches a Playwright-style glob (<c>**</c> any text, <c>*</c> any text without '/').</summary>
    public static Task ArrivedAtAsync(this IPage page, string glob, LoadState? state = LoadState.Load) =>
        page.ArrivedAtAsync(GlobToRegex(glob).IsMatch, state, glob);

    /// <summary>Waits until the address passes <paramref name="url"/>, then for <paramref name="state"/> (null: the commit alone).</summary>
    public static Task ArrivedAtAsync(this IPage page, Func<string, bool> url, LoadState? state = LoadState.Load) =>
        page.ArrivedAtAsync(url, state, "the expected address");

    private static async Task ArrivedAtAsync(this IPage page, Func<string, bool> url, LoadState? state, string expected)
    {
        var started = Stopwatch.GetTimestamp();
        while (!url(page.Url))
        {
            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                throw new TimeoutException($"After {Timeout.TotalSeconds:0} s the page is still at {page.Url}, not {expected}. It shows: {await ShownAsync(page)}");
            }
            await Task.Delay(20);
        }
        if (state is { } loaded) await page.LoadedAsync(loaded);
    }

    /// <summary>
    /// Waits until the page's document has reached <paramref name="state"/>. Playwright's <c>WaitForLoadStateAsync</c>
    /// races too: it reads its list of fired states, then subscribes, while the connection thread adds to the list and
    /// raises the event, so a load that lands between the two is missed (once in CI: "NetworkIdle event fired", then
    /// 90 s and a timeout, on a page that had loaded). The document's own <c>readyState</c> is polled instead.
    /// </summary>
    public static async Task LoadedAsync(this IPage page, LoadState state = LoadState.Load)
    {
        if (state == LoadState.NetworkIdle)
        {
            // Nothing in the document tells network idleness; no test here waits for it after a navigation.
            await page.WaitForLoadStateAsync(state, new PageWaitForLoadStateOptions { Timeout = (float)Timeout.TotalMilliseconds });
            return;
        }
        var reached = state == LoadState.DOMContentLoaded ? "() => document.readyState !== 'loading'" : "() => document.readyState === 'complete'";
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>(reached)) return;
            }
            catch (PlaywrightException)
            {
                // The document was replaced while being asked (a redirect, a form's post): ask the next one.
            }
            if (Stopwatch.GetElapsedTime(started) > Timeout)
            {
                throw new TimeoutException($"After {Timeout.TotalSeconds:0} s the page at {page.Url} has not reached {state}. It shows: {await ShownAsync(page)}");
            }
            await Task.Delay(20);
        }
    }

    // What the page says, for a failure's message: a form re-rendered with its errors, or an error page, says why it
    // stayed (a CI run once timed out at /checkout with nothing to go on).
    private static async Task<string> ShownAsync(IPage page)
    {
        try
        {
            var text = await page.EvaluateAsync<string>("() => (document.querySelector('main') ?? document.body)?.innerText ?? ''");
            text = Regex.Replace(text, @"\s+", " ").Trim();
            text = text.Length > 800 ? text[..800] + "…" : text;
            // What the fields hold and how old the document is: a form's text alone does not tell a page whose fields
            // were never sent from one a late answer replaced (the guest checkout test, twice in CI, under load).
            var fields = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll('input:not([type=hidden]):not([type=password]), select, textarea')]
                    .filter(f => f.id && f.value && (!['radio', 'checkbox'].includes(f.type) || f.checked))
                    .map(f => `#${f.id}=${f.value}`).join(' ').slice(0, 400) + ` (document ${Math.round(performance.now())} ms old)`
                """);
            return $"{text} Fields: {fields}";
        }
        catch (PlaywrightException e)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    internal static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] != '*') pattern.Append(Regex.Escape(glob[i].ToString()));
            else if (i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else pattern.Append("[^/]*");
        }
        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
