namespace WebApp.Addresses;

/// <summary>How a country's post prints the town, region and postal code (the lines above and below stay the same).</summary>
public enum AddressLayout
{
    /// <summary>"SPRINGFIELD, IL 62701" (United States).</summary>
    CityCommaRegionPostal,

    /// <summary>"TORONTO ON M5V 2T6", "SYDNEY NSW 2000" (Canada, Australia).</summary>
    CityRegionPostal,

    /// <summary>"10115 Berlin" (most of continental Europe).</summary>
    PostalCity,

    /// <summary>The town on one line, the postcode on the next (United Kingdom, Ireland).</summary>
    CityThenPostal,
}
