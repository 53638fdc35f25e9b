using WebApp.Catalog;
using WebApp.Currency;

namespace WebApp.Tests.Currency;

public sealed class RatesPayloadTests
{
    private static readonly DateTime s_now = new(2026, 11, 30, 5, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_frankfurter_answer_is_read_without_the_base_itself()
    {
        var set = RatesPayload.Read("""{"amount":1.0,"base":"USD","date":"2026-11-27","rates":{"EUR":0.9132,"JPY":151.37,"USD":1}}""", "USD", s_now, out var problem);

        Assert.Null(problem);
        Assert.NotNull(set);
        Assert.Equal(new DateOnly(2026, 11, 27), set.Date);
        Assert.Equal(2, set.Rates.Count);
        Assert.Equal(151.37m, set.RateFor("JPY"));
        Assert.Equal(1m, set.RateFor("USD"));
        Assert.Null(set.RateFor("GBP"));
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"date":"2026-11-27","rates":{"EUR":0.9}}""", "no base currency")]
    [InlineData("""{"base":"USD","rates":{"EUR":0.9}}""", "no date")]
    [InlineData("""{"base":"USD","date":"27/11/2026","rates":{"EUR":0.9}}""", "no date")]
    [InlineData("""{"base":"USD","date":"2027-01-01","rates":{"EUR":0.9}}""", "in the future")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":[0.9]}""", "no rates object")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"euro":0.9}}""", "not a currency code")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"EUR":null}}""", "not a number")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"EUR":1e-9}}""", "out of range")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"EUR":1e300}}""", "not a number")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"USD":2,"EUR":0.9}}""", "not 1")]
    [InlineData("""{"base":"USD","date":"2026-11-27","rates":{"EUR":0.9,"EUR":0.8}}""", "twice")]
    public void Doubtful_answers_are_refused_whole(string json, string reason)
    {
        var set = RatesPayload.Read(json, "USD", s_now, out var problem);

        Assert.Null(set);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1999, "EUR", 0.9132, "€18.25")]
    [InlineData(50, "EUR", 0.5, "€0.25")]
    [InlineData(1, "EUR", 0.5, "€0.01")]
    [InlineData(1999, "JPY", 151.37, "¥3,026")]
    [InlineData(123456789, "GBP", 0.7851, "£969,259.25")]
    [InlineData(1999, "CHF", 0.8812, "CHF\u00A017.62")]
    [InlineData(1999, "KWD", 0.3071, "KWD\u00A06.139")]
    [InlineData(0, "EUR", 0.9132, "€0.00")]
    public void Converted_prices_are_rounded_to_each_currency_and_written_with_its_symbol(long cents, string currency, double rate, string expected)
    {
        var shopper = new ShopperCurrency(currency, "USD", (decimal)rate, new DateOnly(2026, 11, 27));

        Assert.Equal(expected, Money.Format(shopper.Convert(cents)!.Value, currency));
    }
}
