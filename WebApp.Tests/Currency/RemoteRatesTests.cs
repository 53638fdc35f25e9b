using System.Net;
using Microsoft.Extensions.Logging;
using WebApp.Currency;
using WebApp.Tests.Infrastructure;
using static WebApp.Tests.Currency.CurrencyPages;

namespace WebApp.Tests.Currency;

/// <summary>The rates service failing every way it can: the store keeps what it had, says so, and never waits on it.</summary>
public sealed class RemoteRatesTests : IAsyncLifetime
{
    private FakeRatesServer _remote = null!;

    public async Task InitializeAsync() => _remote = await FakeRatesServer.StartAsync();

    public async Task DisposeAsync() => await _remote.DisposeAsync();

    private static IEnumerable<LogCapture.Entry> RatesWarnings(StoreFactory store) =>
        store.Logs.Entries.Where(e => e.Category == typeof(ExchangeRates).FullName && e.Level == LogLevel.Warning);

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> HomeInEurosAsync(StoreFactory store)
    {
        var response = await store.CreateClient().GetWithCookieAsync("/", $"{CurrencyCookie}=EUR");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.GetDocumentAsync(response);
    }

    [Fact]
    public async Task Before_any_rates_were_fetched_prices_stay_in_dollars_and_the_header_says_so()
    {
        _remote.Fail(503);
        await using var store = new RatesStore(_remote.Url);

        Assert.False(await store.RefreshAsync());

        var page = await HomeInEurosAsync(store);
        Assert.Empty(Approximations(page));
        Assert.All(page.QuerySelectorAll(".product-card .price"), p => Assert.StartsWith("$", p.TextContent.Trim(), StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("header [data-testid=rates-unavailable]"));
        Assert.Contains(RatesWarnings(store), e => e.Message.Contains("HTTP 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_500s_are_retried_and_the_third_answer_is_used()
    {
        _remote.FailThenAnswer(2);
        await using var store = new RatesStore(_remote.Url);

        // The refresh the store makes as it starts.
        _ = store.Services;
        await WaitUntil(() => store.Rates.Current is not null);

        Assert.Equal(3, _remote.Hits);
        Assert.Equal(0.9132m, store.Rates.Usable!.RateFor("EUR"));
        Assert.NotEmpty(Approximations(await HomeInEurosAsync(store)));
    }

    [Fact]
    public async Task A_service_that_stops_answering_times_out_and_the_last_good_rates_stay()
    {
        // A breaker that stays closed here, so every attempt meets the timeout (the circuit has its own test).
        await using var store = new RatesStore(_remote.Url) { Settings = { ["BreakAfter"] = "20" } };
        _ = store.Services;
        await WaitUntil(() => store.Rates.Current is not null);
        var good = store.Rates.Current;
        Assert.NotNull(good);

        _remote.Hang();
        var hitsBefore = _remote.Hits;
        Assert.False(await store.RefreshAsync());

        // Every attempt was made and given up on (three, each after its own timeout), and nothing changed.
        Assert.Equal(hitsBefore + 3, _remote.Hits);
        Assert.Same(good, store.Rates.Current);
        Assert.Contains(RatesWarnings(store), e => e.Message.Contains("did not answer in time", StringComparison.Ordinal) && e.Message.Contains("keeping the rates of 2026-11-27", StringComparison.Ordinal));
        Assert.NotEmpty(Approximations(await HomeInEurosAsync(store)));
    }

    [Theory]
    [InlineData("<html>Service temporarily unavailable</html>", "not JSON")]
    [InlineData("""{"base":"USD","date":"2026-11-28","rates":{"EUR":-0.91}}""", "out of range")]
    [InlineData("""{"base":"USD","date":"2026-11-28","rates":{"EUR":0}}""", "out of range")]
    [InlineData("""{"base":"EUR","date":"2026-11-28","rates":{"USD":1.09}}""", "base currency is \"EUR\"")]
    [InlineData("""{"base":"USD","date":"2026-11-28","rates":{"EUR":91320000}}""", "out of range")]
    [InlineData("""{"base":"USD","date":"2026-11-28","rates":{"EUR":"0.91"}}""", "not a number")]
    [InlineData("""{"base":"USD","date":"2026-11-28","rates":{}}""", "has no rates")]
    public async Task A_refused_answer_is_logged_and_the_last_good_rates_stay(string answer, string reason)
    {
        await using var store = new RatesStore(_remote.Url);
        await store.RefreshAsync();
        var good = store.Rates.Current;

        _remote.Answer(answer);
        Assert.False(await store.RefreshAsync());

        Assert.Same(good, store.Rates.Current);
        Assert.Equal(0.9132m, store.Rates.Usable!.RateFor("EUR"));
        Assert.Contains(RatesWarnings(store), e => e.Message.Contains("refused", StringComparison.Ordinal) && e.Message.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_and_the_service_is_left_alone()
    {
        _remote.Fail(500);
        await using var store = new RatesStore(_remote.Url);

        // Four failed attempts (two refreshes of three tries, at most) open the circuit.
        for (var i = 0; i < 3 && _remote.Hits < 4; i++) await store.RefreshAsync();
        Assert.True(_remote.Hits >= 4, $"{_remote.Hits} attempts");
        var hits = _remote.Hits;

        Assert.False(await store.RefreshAsync());
        Assert.False(await store.RefreshAsync());

        Assert.Equal(hits, _remote.Hits);
        // One warning for the outage; the open circuit that follows is part of it.
        Assert.Single(RatesWarnings(store));
        var page = await HomeInEurosAsync(store);
        Assert.Empty(Approximations(page));
        Assert.NotNull(page.QuerySelector("header [data-testid=rates-unavailable]"));
    }

    [Fact]
    public async Task A_restart_while_the_service_is_down_still_shows_the_stored_rates()
    {
        string database;
        await using (var first = new RatesStore(_remote.Url) { OwnsDatabase = false })
        {
            Assert.True(await first.RefreshAsync() || first.Rates.Current is not null);
            database = first.DatabasePath;
        }

        _remote.Hang();
        await using var restarted = new RatesStore(_remote.Url) { DatabasePath = database };

        var page = await HomeInEurosAsync(restarted);

        Assert.NotEmpty(Approximations(page));
        Assert.Equal(new DateOnly(2026, 11, 27), restarted.Rates.Current!.Date);
        Assert.Null(page.QuerySelector("header [data-testid=rates-unavailable]"));
        Assert.Contains(restarted.Logs.Entries, e => e.Message.StartsWith("Loaded 4 stored exchange rates for USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_render_with_dollar_prices_while_the_service_hangs()
    {
        _remote.Hang();
        // Timeouts far longer than the test may wait: a page that waited on the service would never come back in time.
        await using var store = new RatesStore(_remote.Url)
        {
            Settings = { ["AttemptTimeout"] = "00:30:00", ["TotalTimeout"] = "00:30:00" },
        };
        var client = store.CreateClient();
        await WaitUntil(() => _remote.Hits >= 1);

        var response = await client.GetWithCookieAsync("/", $"{CurrencyCookie}=EUR").WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.GetDocumentAsync(response);
        Assert.Empty(Approximations(page));
        Assert.NotNull(page.QuerySelector("header [data-testid=rates-unavailable]"));
        Assert.Equal(1, _remote.Hits);
    }

    [Fact]
    public async Task An_unreachable_service_is_logged_once_not_on_every_try()
    {
        // ".invalid" never resolves: what the default address does on a machine without internet (tests, CI).
        await using var store = new RatesStore("http://rates.invalid/v1/latest?base={base}");

        // Unreachable twice (six attempts) and then the open circuit: one warning for the whole outage.
        for (var i = 0; i < 4; i++) Assert.False(await store.RefreshAsync());

        Assert.Null(store.Rates.Current);
        Assert.Single(RatesWarnings(store));
        Assert.Contains("could not be reached", RatesWarnings(store).Single().Message, StringComparison.Ordinal);
        Assert.DoesNotContain(store.Logs.Entries, e => e.Category.StartsWith("Polly", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(100);
        Assert.True(condition());
    }
}
