using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WebApp.Data;

namespace WebApp.Admin;

/// <summary>
/// Writes the audit trail of admin changes through the same <see cref="StoreDbContext"/> and transaction as the change
/// itself, so the trail and the change stand or fall together. Field values come from
/// EF's change tracker (original against current), so every tracked edit is recorded field by field; set-based writes
/// that bypass the tracker (stock adjustments, imports) add their own rows with <see cref="Record"/> and save them
/// inside their own transaction.
/// </summary>
public sealed class AdminAudit(StoreDbContext db, TimeProvider clock)
{
    /// <summary>Fields never written to the trail (secrets, and bookkeeping that changes on every save).</summary>
    private static readonly HashSet<string> s_skipped = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "NormalizedEmail", "NormalizedUserName", "Version", "UpdatedAt",
    };

    private readonly string _changeId = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Saves the tracked changes with their trail in one transaction (joining the caller's, if one is open): modified
    /// and deleted entities are described before the save, added ones after it, once their keys are known.
    /// </summary>
    public async Task SaveAsync(ClaimsPrincipal admin, CancellationToken ct = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var added = new List<EntityEntry>();
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList())
            {
                if (entry.Entity is AuditEntry) continue;
                var entity = entry.Metadata.ClrType.Name;
                switch (entry.State)
                {
                    case EntityState.Added:
                        added.Add(entry);
                        break;
                    case EntityState.Modified:
                        foreach (var property in entry.Properties.Where(p => p.IsModified && !s_skipped.Contains(p.Metadata.Name)))
                        {
                            var before = Text(property.OriginalValue);
                            var after = Text(property.CurrentValue);
                            if (before != after) Record(admin, "Updated", entity, KeyOf(entry), property.Metadata.Name, before, after);
                        }
                        break;
                    case EntityState.Deleted:
                        Record(admin, "Deleted", entity, KeyOf(entry), null, null, null);
                        break;
                }
            }
            await db.SaveChangesAsync(ct);
            if (added.Count > 0)
            {
                foreach (var entry in added)
                {
                    foreach (var property in entry.Properties.Where(p => !s_skipped.Contains(p.Metadata.Name) && !p.Metadata.IsPrimaryKey()))
                    {
                        Record(admin, "Created", entry.Metadata.ClrType.Name, KeyOf(entry), property.Metadata.Name, null, Text(property.CurrentValue));
                    }
                }
                await db.SaveChangesAsync(ct);
            }
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>One row of the trail, added to the context (saved with the caller's SaveChanges).</summary>
    public void Record(ClaimsPrincipal admin, string action, string entity, string entityId, string? field, string? oldValue, string? newValue) =>
        db.Set<AuditEntry>().Add(new AuditEntry
        {
            ChangeId = _changeId,
            At = clock.GetUtcNow().UtcDateTime,
            UserId = WebApp.Accounts.CurrentShopper.UserIdOf(admin) ?? "(system)",
            UserEmail = admin.FindFirstValue(ClaimTypes.Email) ?? admin.Identity?.Name ?? "(system)",
            Action = action,
            Entity = entity,
            EntityId = entityId,
            Field = field,
            OldValue = Limit(oldValue),
            NewValue = Limit(newValue),
        });

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Text(entry.Property(p.Name).CurrentValue)));

    private static string? Text(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string? Limit(string? value) => value is { Length: > 1000 } ? value[..1000] + "…" : value;

    /// <summary>A value as an audit row stores it (invariant, cut at 1,000 characters), for rows written in bulk (the import).</summary>
    internal static string? Stored(object? value) => Limit(Text(value));
}
