using Microsoft.Extensions.Options;
using WebApp.Tax;

namespace WebApp.Tests.Commerce;

public sealed class TaxTests
{
    private static TaxRates Rates(bool included) => new(Options.Create(new TaxOptions
    {
        PricesIncludeTax = included,
        Rates = new(StringComparer.OrdinalIgnoreCase)
        {
            ["US-CA"] = new() { BasisPoints = 725, Name = "Sales tax" },
            ["CA"] = new() { BasisPoints = 500, Name = "GST" },
            ["CA-ON"] = new() { BasisPoints = 1300, Name = "HST" },
            ["GB"] = new() { BasisPoints = 2000, Name = "VAT" },
            ["DE"] = new() { BasisPoints = 1900, Name = "VAT" },
            ["NL"] = new() { BasisPoints = 0, Name = "VAT" },
        },
    }));

    [Theory]
    [InlineData("US", "CA", 10_000, "Sales tax", 725, 725)]
    [InlineData("US", "CA", 1_999, "Sales tax", 725, 145)]   // 144.93 rounds to 145
    [InlineData("CA", "ON", 10_000, "HST", 1300, 1300)]     // the province's own rate wins
    [InlineData("CA", "AB", 10_000, "GST", 500, 500)]       // no provincial entry: the country's
    [InlineData("GB", null, 15_997, "VAT", 2000, 3199)]     // 3199.4
    [InlineData("DE", null, 10_050, "VAT", 1900, 1910)]     // 1909.5 rounds half away from zero
    public void Tax_on_top_of_net_prices_follows_the_country_and_state(string country, string? region, long subtotal, string name, int rate, long cents)
    {
        var tax = Rates(included: false).On(subtotal, country, region);
        Assert.Equal(new TaxLine(name, rate, cents, Included: false), tax);
        Assert.Equal(cents, tax!.AddedCents);
    }

    [Theory]
    [InlineData("US", "OR")]   // a state without sales tax
    [InlineData("US", null)]
    [InlineData("NL", null)]   // a rate of 0
    [InlineData("JP", null)]   // no entry at all
    public void No_tax_line_where_no_rate_applies(string country, string? region)
    {
        Assert.Null(Rates(included: false).On(10_000, country, region));
        Assert.Null(Rates(included: true).On(10_000, country, region));
    }

    [Theory]
    [InlineData("GB", 12_000, 2000, 2000)]   // 120.00 incl. 20 % = 100.00 + 20.00
    [InlineData("DE", 11_900, 1900, 1900)]
    [InlineData("GB", 1_999, 2000, 333)]     // 333.17
    [InlineData("GB", 15_997, 2000, 2666)]   // 2666.17
    public void Tax_included_in_gross_prices_is_the_part_of_the_price_that_is_tax_and_adds_nothing(string country, long gross, int rate, long cents)
    {
        var tax = Rates(included: true).On(gross, country, null)!;
        Assert.Equal((rate, cents, true, 0L), (tax.BasisPoints, tax.Cents, tax.Included, tax.AddedCents));
        Assert.Equal("Includes VAT (20 %)", TaxWording.LineLabel(tax with { BasisPoints = 2000 }));
    }

    [Fact]
    public void Every_page_gets_the_same_words_for_each_mode()
    {
        var net = new TaxWording(Rates(included: false));
        var gross = new TaxWording(Rates(included: true));
        Assert.Contains("exclude tax", net.Statement, StringComparison.Ordinal);
        Assert.Contains("plus tax", net.PriceNote, StringComparison.Ordinal);
        Assert.Contains("include tax", gross.Statement, StringComparison.Ordinal);
        Assert.Contains("incl. tax", gross.PriceNote, StringComparison.Ordinal);
        Assert.Equal("Sales tax (7.25 %)", TaxWording.LineLabel(new TaxLine("Sales tax", 725, 1, false)));
    }
}
