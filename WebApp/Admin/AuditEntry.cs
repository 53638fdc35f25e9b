namespace WebApp.Admin;

/// <summary>
/// One field of one admin write: who, when, which record, the value before and after. The rows of one save share a
/// <see cref="ChangeId"/>; they are written in the same transaction as the change, so a failed change leaves none.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string ChangeId { get; set; }
    public DateTime At { get; set; }
    public required string UserId { get; set; }
    public required string UserEmail { get; set; }

    /// <summary>"Created", "Updated", "Deleted", or a word for a bulk action such as "Imported".</summary>
    public required string Action { get; set; }
    public required string Entity { get; set; }
    public required string EntityId { get; set; }

    /// <summary>Null for a row that describes the whole action (an import's counts).</summary>
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
