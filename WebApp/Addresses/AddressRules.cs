using System.Text.RegularExpressions;

namespace WebApp.Addresses;

/// <summary>
/// The one place for address rules per country: which need a state or province (and the real list), what a postal code
/// looks like and how it is spelled, and the order a country's post prints the lines in. The checkout checks with it;
/// the order pages, mails, packing slip and admin print with it. A country the table does not know (one added to
/// <c>Checkout:Countries</c> later) gets an optional free-text region and any short postal code.
/// </summary>
public static partial class AddressRules
{
    internal static readonly Regex GenericPostalCode = GenericPostalCodeRegex();

    private static readonly Dictionary<string, CountryAddressRule> s_rules = new[]
    {
        new CountryAddressRule("US", "the United States", "ZIP code", UsZip(), "62701 or 62701-1234", true, AddressLayout.CityCommaRegionPostal,
            "State", UsStates, code => Digits(code) is { Length: 9 } d ? $"{d[..5]}-{d[5..]}" : code.Replace(" ", "", StringComparison.Ordinal)),
        new CountryAddressRule("CA", "Canada", "Postal code", CaPostal(), "M5V 2T6", true, AddressLayout.CityRegionPostal,
            "Province or territory", CaProvinces, code => SpaceBeforeLast(code, 3, totalLength: 6)),
        new CountryAddressRule("AU", "Australia", "Postcode", FourDigits(), "2000", true, AddressLayout.CityRegionPostal,
            "State or territory", AuStates),
        new CountryAddressRule("GB", "the United Kingdom", "Postcode", GbPostcode(), "SW1A 1AA", true, AddressLayout.CityThenPostal,
            Format: code => SpaceBeforeLast(code, 3, totalLength: null)),
        new CountryAddressRule("IE", "Ireland", "Eircode", Eircode(), "D02 X285", false, AddressLayout.CityThenPostal,
            Format: code => SpaceBeforeLast(code, 4, totalLength: 7)),
        new CountryAddressRule("DE", "Germany", "Postcode", FiveDigits(), "10115", true, AddressLayout.PostalCity),
        new CountryAddressRule("FR", "France", "Postcode", FiveDigits(), "75001", true, AddressLayout.PostalCity),
        new CountryAddressRule("IT", "Italy", "Postcode", FiveDigits(), "00184", true, AddressLayout.PostalCity),
        new CountryAddressRule("ES", "Spain", "Postcode", SpanishPostal(), "28013", true, AddressLayout.PostalCity),
        new CountryAddressRule("NL", "the Netherlands", "Postcode", DutchPostcode(), "1012 AB", true, AddressLayout.PostalCity,
            Format: code => SpaceBeforeLast(code, 2, totalLength: 6)),
    }.ToDictionary(r => r.Country, StringComparer.Ordinal);

    /// <summary>The rule for <paramref name="country"/> (ISO 3166 alpha-2), or the lenient one for a country not in the table.</summary>
    public static CountryAddressRule For(string? country) =>
        country is not null && s_rules.TryGetValue(country, out var rule) ? rule
            : new CountryAddressRule(country ?? "", "this country", "Postal code", null, "", false, AddressLayout.CityRegionPostal, "Region (if your address has one)");

    /// <summary>
    /// Checks the region and postal code typed for <paramref name="country"/>; every problem goes to <paramref name="errors"/>
    /// under "Region" or "PostalCode". Returns them as stored: the region's code from the list (or the trimmed text, or null
    /// when the country has none) and the postal code in the post office's spelling (null when optional and empty).
    /// </summary>
    public static (string? Region, string? PostalCode) Check(string country, string? region, string? postalCode, ICollection<(string Field, string Message)> errors)
    {
        var rule = For(country);
        string? regionCode = null;
        if (rule.HasRegionList)
        {
            if (string.IsNullOrWhiteSpace(region)) errors.Add(("Region", $"Choose the {rule.RegionLabel.ToLowerInvariant()}."));
            else if (rule.FindRegion(region) is { } found) regionCode = found.Code;
            else errors.Add(("Region", $"Choose a {rule.RegionLabel.ToLowerInvariant()} of {rule.InSentence} from the list."));
        }
        else if (rule.RegionLabel.Length > 0 && !string.IsNullOrWhiteSpace(region))
        {
            regionCode = region.Trim();
            if (regionCode.Length > 60) errors.Add(("Region", "Keep the region under 60 characters."));
        }

        var typed = postalCode ?? "";
        if (typed.Trim().Length == 0)
        {
            if (rule.PostalCodeRequired) errors.Add(("PostalCode", $"Enter the {Noun(rule)}."));
            return (regionCode, null);
        }
        var normalised = typed.Length > 20 ? typed : rule.Normalise(typed);
        if (normalised.Length > 12 || !rule.Accepts(normalised))
        {
            errors.Add(("PostalCode", rule.Example.Length > 0
                ? $"That is not a valid {Noun(rule)} for {rule.InSentence}; it looks like {rule.Example}."
                : "Enter a postal code of letters and digits (up to 12)."));
            return (regionCode, null);
        }
        return (regionCode, normalised);
    }

    /// <summary>
    /// The address as the destination's post prints it, one string per line: name, street lines, the town line(s) in the
    /// country's order, then the country's name.
    /// </summary>
    public static IReadOnlyList<string> Lines(PostalAddress address, string countryName)
    {
        var rule = For(address.Country);
        var lines = new List<string> { address.FullName, address.Line1 };
        if (!string.IsNullOrWhiteSpace(address.Line2)) lines.Add(address.Line2);
        var region = address.Region ?? "";
        var postal = address.PostalCode;
        switch (rule.Layout)
        {
            case AddressLayout.CityCommaRegionPostal:
                lines.Add(Join(region.Length > 0 ? $"{address.City}, {region}" : address.City, postal));
                break;
            case AddressLayout.CityRegionPostal:
                lines.Add(Join(address.City, region, postal));
                break;
            case AddressLayout.PostalCity:
                lines.Add(Join(postal, address.City));
                if (region.Length > 0) lines.Add(region);
                break;
            case AddressLayout.CityThenPostal:
                lines.Add(address.City);
                if (region.Length > 0) lines.Add(region);
                if (postal.Length > 0) lines.Add(postal);
                break;
        }
        lines.Add(countryName);
        return lines;
    }

    /// <summary>"ZIP code" and "Eircode" keep their capitals; "postcode" and "postal code" are common nouns.</summary>
    private static string Noun(CountryAddressRule rule) => rule.PostalCodeLabel is "ZIP code" or "Eircode" ? rule.PostalCodeLabel : rule.PostalCodeLabel.ToLowerInvariant();

    private static string Join(params string[] parts) => string.Join(' ', parts.Where(p => p.Length > 0));

    private static string Digits(string code) => new([.. code.Where(char.IsAsciiDigit)]);

    /// <summary>Drops the spaces and puts one before the last <paramref name="tail"/> characters ("m5v2t6" to "M5V 2T6").</summary>
    private static string SpaceBeforeLast(string code, int tail, int? totalLength)
    {
        var bare = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (totalLength is { } n && bare.Length != n) return code;
        return bare.Length > tail + 1 ? $"{bare[..^tail]} {bare[^tail..]}" : code;
    }

    [GeneratedRegex(@"^[A-Z0-9](?:[A-Z0-9 \-]{0,10}[A-Z0-9])?$")]
    private static partial Regex GenericPostalCodeRegex();

    [GeneratedRegex(@"^[0-9]{5}(?:-[0-9]{4})?$")]
    private static partial Regex UsZip();

    // Canada Post never uses D, F, I, O, Q or U, nor W or Z as the first letter.
    [GeneratedRegex(@"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$")]
    private static partial Regex CaPostal();

    [GeneratedRegex(@"^[0-9]{4}$")]
    private static partial Regex FourDigits();

    [GeneratedRegex(@"^[0-9]{5}$")]
    private static partial Regex FiveDigits();

    // Royal Mail's outward code shapes (A9, A99, AA9, AA99, A9A, AA9A) and the inward code 9AA; GIR 0AA is Girobank's.
    [GeneratedRegex(@"^(?:GIR 0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) [0-9][ABD-HJLNP-UW-Z]{2})$")]
    private static partial Regex GbPostcode();

    [GeneratedRegex(@"^(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) [0-9AC-FHKNPRTV-Y]{4}$")]
    private static partial Regex Eircode();

    // Provinces 01-52.
    [GeneratedRegex(@"^(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$")]
    private static partial Regex SpanishPostal();

    // PostNL never issues the letter pairs SA, SD and SS.
    [GeneratedRegex(@"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$")]
    private static partial Regex DutchPostcode();

    private static Region[] UsStates =>
    [
        new("AL", "Alabama"), new("AK", "Alaska"), new("AZ", "Arizona"), new("AR", "Arkansas"), new("CA", "California"),
        new("CO", "Colorado"), new("CT", "Connecticut"), new("DE", "Delaware"), new("DC", "District of Columbia"),
        new("FL", "Florida"), new("GA", "Georgia"), new("HI", "Hawaii"), new("ID", "Idaho"), new("IL", "Illinois"),
        new("IN", "Indiana"), new("IA", "Iowa"), new("KS", "Kansas"), new("KY", "Kentucky"), new("LA", "Louisiana"),
        new("ME", "Maine"), new("MD", "Maryland"), new("MA", "Massachusetts"), new("MI", "Michigan"), new("MN", "Minnesota"),
        new("MS", "Mississippi"), new("MO", "Missouri"), new("MT", "Montana"), new("NE", "Nebraska"), new("NV", "Nevada"),
        new("NH", "New Hampshire"), new("NJ", "New Jersey"), new("NM", "New Mexico"), new("NY", "New York"),
        new("NC", "North Carolina"), new("ND", "North Dakota"), new("OH", "Ohio"), new("OK", "Oklahoma"), new("OR", "Oregon"),
        new("PA", "Pennsylvania"), new("RI", "Rhode Island"), new("SC", "South Carolina"), new("SD", "South Dakota"),
        new("TN", "Tennessee"), new("TX", "Texas"), new("UT", "Utah"), new("VT", "Vermont"), new("VA", "Virginia"),
        new("WA", "Washington"), new("WV", "West Virginia"), new("WI", "Wisconsin"), new("WY", "Wyoming"),
        new("AS", "American Samoa"), new("GU", "Guam"), new("MP", "Northern Mariana Islands"), new("PR", "Puerto Rico"),
        new("VI", "U.S. Virgin Islands"), new("AA", "Armed Forces Americas"), new("AE", "Armed Forces Europe"), new("AP", "Armed Forces Pacific"),
    ];

    private static Region[] CaProvinces =>
    [
        new("AB", "Alberta"), new("BC", "British Columbia"), new("MB", "Manitoba"), new("NB", "New Brunswick"),
        new("NL", "Newfoundland and Labrador"), new("NS", "Nova Scotia"), new("NT", "Northwest Territories"), new("NU", "Nunavut"),
        new("ON", "Ontario"), new("PE", "Prince Edward Island"), new("QC", "Quebec"), new("SK", "Saskatchewan"), new("YT", "Yukon"),
    ];

    private static Region[] AuStates =>
    [
        new("ACT", "Australian Capital Territory"), new("NSW", "New South Wales"), new("NT", "Northern Territory"), new("QLD", "Queensland"),
        new("SA", "South Australia"), new("TAS", "Tasmania"), new("VIC", "Victoria"), new("WA", "Western Australia"),
    ];
}
