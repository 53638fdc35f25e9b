using WebApp.Addresses;

namespace WebApp.Tests.Commerce;

public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("US", "62701", "62701")]
    [InlineData("US", "62701-1234", "62701-1234")]
    [InlineData("US", "627011234", "62701-1234")]
    [InlineData("CA", "m5v2t6", "M5V 2T6")]
    [InlineData("CA", " M5V   2T6 ", "M5V 2T6")]
    [InlineData("GB", "sw1a1aa", "SW1A 1AA")]
    [InlineData("GB", "N1 9GU", "N1 9GU")]
    [InlineData("GB", "ec1a 1bb", "EC1A 1BB")]
    [InlineData("DE", "10115", "10115")]
    [InlineData("FR", "75001", "75001")]
    [InlineData("ES", "28013", "28013")]
    [InlineData("IT", "00184", "00184")]
    [InlineData("NL", "1012ab", "1012 AB")]
    [InlineData("IE", "d02x285", "D02 X285")]
    [InlineData("AU", "2000", "2000")]
    public void Postal_codes_are_accepted_and_spelled_as_the_post_office_writes_them(string country, string typed, string stored)
    {
        var errors = new List<(string, string)>();
        var region = country switch { "US" => "IL", "CA" => "ON", "AU" => "NSW", _ => null };
        var (_, postal) = AddressRules.Check(country, region, typed, errors);
        Assert.Empty(errors);
        Assert.Equal(stored, postal);
    }

    [Theory]
    [InlineData("US", "6270")]
    [InlineData("US", "62701-12")]
    [InlineData("US", "ABCDE")]
    [InlineData("CA", "D5V 2T6")]
    [InlineData("CA", "12345")]
    [InlineData("GB", "12345")]
    [InlineData("GB", "SW1A")]
    [InlineData("DE", "1011")]
    [InlineData("DE", "101155")]
    [InlineData("FR", "7500A")]
    [InlineData("ES", "99001")]
    [InlineData("IT", "0018")]
    [InlineData("NL", "0123 AB")]
    [InlineData("NL", "1012 SS")]
    [InlineData("IE", "Z99 1234")]
    [InlineData("AU", "20000")]
    [InlineData("DE", "<script>")]
    public void Postal_codes_of_the_wrong_shape_are_refused_with_an_example(string country, string typed)
    {
        var errors = new List<(string Field, string Message)>();
        var region = country switch { "US" => "IL", "CA" => "ON", "AU" => "NSW", _ => null };
        AddressRules.Check(country, region, typed, errors);
        var error = Assert.Single(errors);
        Assert.Equal("PostalCode", error.Field);
        Assert.Contains("it looks like", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ireland_accepts_an_address_without_an_eircode_but_Germany_does_not()
    {
        var irish = new List<(string, string)>();
        Assert.Equal((null, null), AddressRules.Check("IE", null, "", irish));
        Assert.Empty(irish);

        var german = new List<(string Field, string Message)>();
        AddressRules.Check("DE", null, " ", german);
        Assert.Equal("PostalCode", Assert.Single(german).Field);
    }

    [Theory]
    [InlineData("US", "62701")]
    [InlineData("CA", "M5V 2T6")]
    [InlineData("AU", "2000")]
    public void The_United_States_Canada_and_Australia_need_a_region_from_their_list(string country, string postal)
    {
        var missing = new List<(string Field, string Message)>();
        AddressRules.Check(country, "", postal, missing);
        Assert.Equal("Region", Assert.Single(missing).Field);

        var wrong = new List<(string Field, string Message)>();
        AddressRules.Check(country, "ZZ", postal, wrong);
        Assert.Contains("from the list", Assert.Single(wrong).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_is_stored_as_its_code_whether_typed_as_code_or_name()
    {
        var errors = new List<(string, string)>();
        Assert.Equal("IL", AddressRules.Check("US", "illinois", "62701", errors).Region);
        Assert.Equal("NSW", AddressRules.Check("AU", "nsw", "2000", errors).Region);
        Assert.Null(AddressRules.Check("GB", "Greater London", "N1 9GU", errors).Region);
        Assert.Empty(errors);
        // 50 states, DC, five territories and three armed-forces codes.
        Assert.Equal(59, AddressRules.For("US").Regions!.Count);
        Assert.Equal(13, AddressRules.For("CA").Regions!.Count);
        Assert.Equal(8, AddressRules.For("AU").Regions!.Count);
    }

    [Theory]
    [InlineData("US", "IL", "62701", "Springfield", "Springfield, IL 62701|United States")]
    [InlineData("CA", "ON", "M5V 2T6", "Toronto", "Toronto ON M5V 2T6|Canada")]
    [InlineData("AU", "NSW", "2000", "Sydney", "Sydney NSW 2000|Australia")]
    [InlineData("GB", null, "N1 9GU", "London", "London|N1 9GU|United Kingdom")]
    [InlineData("IE", null, "D02 X285", "Dublin 2", "Dublin 2|D02 X285|Ireland")]
    [InlineData("DE", null, "10115", "Berlin", "10115 Berlin|Germany")]
    [InlineData("FR", null, "75001", "Paris", "75001 Paris|France")]
    [InlineData("NL", null, "1012 AB", "Amsterdam", "1012 AB Amsterdam|Netherlands")]
    public void Addresses_print_in_the_destination_countrys_order(string country, string? region, string postal, string city, string expected)
    {
        var names = new Dictionary<string, string>
        {
            ["US"] = "United States", ["CA"] = "Canada", ["AU"] = "Australia", ["GB"] = "United Kingdom", ["IE"] = "Ireland",
            ["DE"] = "Germany", ["FR"] = "France", ["NL"] = "Netherlands",
        };
        var lines = AddressRules.Lines(new PostalAddress("Ada Lovelace", "12 Analytical Row", null, city, region, postal, country), names[country]);
        Assert.Equal(["Ada Lovelace", "12 Analytical Row", .. expected.Split('|')], lines);
    }

    [Fact]
    public void A_country_the_rules_do_not_know_takes_an_optional_free_text_region_and_any_short_code()
    {
        var errors = new List<(string, string)>();
        Assert.Equal(("Lisboa", "1100-148"), AddressRules.Check("PT", " Lisboa ", "1100-148", errors));
        Assert.Empty(errors);
    }
}
