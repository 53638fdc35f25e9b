namespace WebApp.Backups;

/// <summary>A finished, checked backup file.</summary>
public sealed record BackupResult(string Path, long Bytes, TimeSpan Duration);
