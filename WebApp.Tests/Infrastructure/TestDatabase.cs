using Microsoft.Data.Sqlite;

namespace WebApp.Tests.Infrastructure;

/// <summary>Test databases are files of their own; this removes one, with its WAL and shared-memory files and the backup feature's lock and status files.</summary>
public static class TestDatabase
{
    public static string NewPath() => Path.Combine(Path.GetTempPath(), $"webapp-test-{Guid.NewGuid():N}.db");

    /// <summary>Closes pooled connections first: SQLite keeps the files open while a pooled connection lives.</summary>
    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".in-use", ".last-backup.json" })
        {
            try { File.Delete(path + suffix); } catch (IOException) { }
        }
    }
}
