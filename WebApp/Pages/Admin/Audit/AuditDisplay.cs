using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>
    /// A value as written, dates as "2026-12-05 14:30 UTC", a lock with no end as such, yes and no for true and false, and
    /// a brand's or category's name with its id (from <paramref name="names"/>).
    /// </summary>
    public static string? Value(string? field, string? value, IReadOnlyDictionary<(string Field, string Id), string>? names = null)
    {
        if (field == "LockoutEnd" && value is null) return "Not locked";
        if (value is null) return null;
        if (value is "True" or "False") return value == "True" ? "Yes" : "No";
        if (field is not null && names is not null && names.TryGetValue((field, value), out var name)) return $"{name} (#{value})";
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

    private static readonly string[] s_categoryFields = ["CategoryId", "DepartmentId", "ParentId"];

    /// <summary>The brand and category names behind the ids in <paramref name="rows"/>' values, by field and id.</summary>
    public static async Task<Dictionary<(string Field, string Id), string>> NamesAsync(WebApp.Data.StoreDbContext db, IReadOnlyList<AuditEntry> rows, CancellationToken ct)
    {
        List<int> Ids(Func<string, bool> field) => [.. rows.Where(r => r.Field is { } f && field(f)).SelectMany(r => new[] { r.OldValue, r.NewValue })
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).Where(id => id > 0).Distinct()];
        var names = new Dictionary<(string, string), string>();
        var brandIds = Ids(f => f == "BrandId");
        if (brandIds.Count > 0)
        {
            foreach (var (id, name) in await db.Brands.Where(b => brandIds.Contains(b.Id)).Select(b => new ValueTuple<int, string>(b.Id, b.Name)).ToListAsync(ct))
            {
                names[("BrandId", id.ToString(CultureInfo.InvariantCulture))] = name;
            }
        }
        var categoryIds = Ids(f => s_categoryFields.Contains(f));
        if (categoryIds.Count > 0)
        {
            foreach (var (id, name) in await db.Categories.Where(c => categoryIds.Contains(c.Id)).Select(c => new ValueTuple<int, string>(c.Id, c.Name)).ToListAsync(ct))
            {
                foreach (var field in s_categoryFields) names[(field, id.ToString(CultureInfo.InvariantCulture))] = name;
            }
        }
        return names;
    }

    /// <summary>Whether two rows are fields of one record's creation in one change.</summary>
    public static bool SameCreation(AuditEntry a, AuditEntry b) => a.Action == "Created" && b.Action == "Created" && a.Field is not null && b.Field is not null
        && a.ChangeId == b.ChangeId && a.Entity == b.Entity && a.EntityId == b.EntityId;

    /// <summary>
    /// The page's rows: each "Created" row of one record in one change folded into the first, the rest as they are.
    /// </summary>
    public static List<Line> Lines(IReadOnlyList<AuditEntry> rows)
    {
        var lines = new List<Line>();
        foreach (var row in rows)
        {
            if (lines.Count > 0 && lines[^1] is { Created: { } fields } last && SameCreation(last.Entry, row))
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
