namespace WebApp.Backups;

/// <summary>What a restore did: the database now in place, where the one it replaced was kept, and the restored file's latest migration.</summary>
public sealed record RestoreResult(string DatabasePath, string? KeptPath, string LatestMigration, int PendingMigrations, long Bytes, TimeSpan Duration);
