using System.Text.RegularExpressions;

namespace WebApp.Addresses;

/// <summary>
/// One country's address rules: whether it has a region and from which list, what its postal code looks like and how
/// it is written (<see cref="Normalise"/> turns what a shopper typed into the post office's spelling), and the order
/// the lines are printed in.
/// </summary>
/// <param name="Pattern">Matches the code after <see cref="Normalise"/>; null accepts any short code of letters and digits.</param>
/// <param name="InSentence">The country's name inside a sentence ("a valid postcode for the United Kingdom").</param>
/// <param name="Example">Shown in the field's hint and in the message when a code does not match.</param>
public sealed record CountryAddressRule(
    string Country,
    string InSentence,
    string PostalCodeLabel,
    Regex? Pattern,
    string Example,
    bool PostalCodeRequired,
    AddressLayout Layout,
    string RegionLabel = "",
    IReadOnlyList<Region>? Regions = null,
    Func<string, string>? Format = null)
{
    public bool HasRegionList => Regions is { Count: > 0 };

    /// <summary>Upper case, single spaces, then the country's own spacing (a ZIP+4 dash, "M5V 2T6", "1234 AB").</summary>
    public string Normalise(string typed)
    {
        var collapsed = string.Join(' ', typed.Trim().ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return Format is null ? collapsed : Format(collapsed);
    }

    public bool Accepts(string normalised) => Pattern?.IsMatch(normalised) ?? GenericPattern().IsMatch(normalised);

    public Region? FindRegion(string? code) =>
        Regions?.FirstOrDefault(r => string.Equals(r.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase)
                                    || string.Equals(r.Name, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static Regex GenericPattern() => AddressRules.GenericPostalCode;
}
