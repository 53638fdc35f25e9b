namespace WebApp.Addresses;

/// <summary>A delivery address as it is stored: <see cref="Region"/> is a code from the country's list, free text, or null.</summary>
public sealed record PostalAddress(string FullName, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);
