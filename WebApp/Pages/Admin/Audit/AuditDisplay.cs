using System.Globalization;
using System.Text.RegularExpressions;
using WebApp.Admin;

namespace WebApp.Pages.Admin.Audit;

/// <summary>
/// The trail as a shop owner reads it: "User" where the code says StoreUser, a user's email where the row holds their
/// id, "Locked until further notice" where it held "12/31/9999 00:00:00 +00:00", and a record's creation as one line
/// with its fields folded, where a photo upload was nine rows (an outside review, session 44). The rows themselves are
/// kept as written; only the page reads them this way.
/// </summary>
public static partial class AuditDisplay
{
    private static readonly Dictionary<string, string> s_names = new(StringComparer.Ordinal)
    {
        ["StoreUser"] = "User",
        ["IdentityUserRole`1"] = "User role",
        ["OrderStatusChange"] = "Order status",
    };

    /// <summary>An entity's name in words: "ProductPhoto" is "Product photo".</summary>
    public static string EntityName(string entity) => s_names.TryGetValue(entity, out var name) ? name
        : Words().Replace(entity, m => " " + m.Value.ToLowerInvariant()).Trim() is { Length: > 0 } words ? char.ToUpperInvariant(words[0]) + words[1..] : entity;

    /// <summary>A field's name in words: "LockoutEnd" is "Locked until", "PriceCents" "Price (cents)".</summary>
    public static string? FieldName(string? field) => field switch
    {
        null => null,
        "LockoutEnd" => "Locked until",
        _ when field.EndsWith("Cents", StringComparison.Ordinal) => EntityName(field[..^"Cents".Length]) + " (cents)",
        _ => EntityName(field),
    };

    /// <summary>A value as written, dates as "2026-12-05 14:30 UTC" and a lock with no end as such.</summary>
    public static string? Value(string? field, string? value)
    {
        if (field == "LockoutEnd" && value is null) return "Not locked";
        if (value is null) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || value.Length < 10 || !value.Contains(':', StringComparison.Ordinal)) return value;
        if (at.Year == 9999) return "Until further notice";
        return at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }

    /// <summary>Where a record of this entity is looked at in the admin, or null.</summary>
    public static string? LinkFor(string entity, string id) => entity switch
    {
        "Product" when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) => $"/admin/products/{id}/edit",
        "Order" when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _) => $"/admin/orders/{id}",
        _ => null,
    };

    /// <summary>
    /// The page's rows: each "Created" row of one record in one change folded into the first, the rest as they are.
    /// </summary>
    public static List<Line> Lines(IReadOnlyList<AuditEntry> rows)
    {
        var lines = new List<Line>();
        foreach (var row in rows)
        {
            if (row.Action == "Created" && row.Field is not null && lines.Count > 0 && lines[^1] is { Created: { } fields } last
                && last.Entry.ChangeId == row.ChangeId && last.Entry.Entity == row.Entity && last.Entry.EntityId == row.EntityId)
            {
                fields.Add(row);
                continue;
            }
            lines.Add(new Line(row, row.Action == "Created" && row.Field is not null ? [row] : null));
        }
        foreach (var line in lines) line.Created?.Reverse();   // newest first on the page; the fields in written order
        return lines;
    }

    /// <param name="Created">For a record's creation, its fields (the entry is the first of them); null otherwise.</param>
    public sealed record Line(AuditEntry Entry, List<AuditEntry>? Created);

    [GeneratedRegex("[A-Z][a-z]+|[A-Z]+(?![a-z])|[0-9]+")]
    private static partial Regex Words();
}
