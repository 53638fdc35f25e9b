namespace WebApp.Addresses;

/// <summary>A delivery address a signed-in customer used, offered again at their next checkout and listed in their account.</summary>
public sealed class SavedAddress
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string FullName { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string PostalCode { get; set; }
    public required string Country { get; set; }
    public required string Phone { get; set; }
    public DateTime LastUsedAt { get; set; }

    public PostalAddress AsPostalAddress() => new(FullName, Line1, Line2, City, Region, PostalCode, Country);
}
