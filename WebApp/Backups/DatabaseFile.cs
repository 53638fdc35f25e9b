using Microsoft.Data.Sqlite;

namespace WebApp.Backups;

/// <summary>The SQLite file behind a connection string, and the few things every backup step does to such files.</summary>
public static class DatabaseFile
{
    /// <summary>Owner read/write only: a backup holds account data and the data-protection keys.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void MakePrivate(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, Private);
    }

    public static readonly string[] Companions = ["-wal", "-shm"];

    public static string PathOf(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:") throw new BackupFailedException("The store's database is in memory: there is no file to back up or restore.");
        return Path.GetFullPath(source);
    }

    /// <summary>A connection of its own (no pool), so closing it really closes the file and lets SQLite tidy the WAL away.</summary>
    public static SqliteConnection Open(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWrite)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout=5000;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// <c>PRAGMA integrity_check</c> and <c>foreign_key_check</c> on a copy; null when both pass, else the first problems.
    /// </summary>
    public static async Task<string?> ProblemsAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var connection = Open(path);
            await using (var cache = connection.CreateCommand())
            {
                // Checking each index against its table reads pages in index order: with SQLite's 2 MB default cache a
                // gigabyte database is read many times over. A bigger cache for this one connection keeps it to about once.
                cache.CommandText = "PRAGMA cache_size=-262144;";
                await cache.ExecuteNonQueryAsync(ct);
            }
            var problems = new List<string>();
            await using (var integrity = connection.CreateCommand())
            {
                integrity.CommandText = "PRAGMA integrity_check(20);";
                await using var reader = await integrity.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var line = reader.GetString(0);
                    if (line != "ok") problems.Add(line);
                }
            }
            await using (var keys = connection.CreateCommand())
            {
                keys.CommandText = "PRAGMA foreign_key_check;";
                await using var reader = await keys.ExecuteReaderAsync(ct);
                while (problems.Count < 20 && await reader.ReadAsync(ct))
                {
                    problems.Add($"row {reader.GetValue(1)} of {reader.GetString(0)} points at a missing {reader.GetString(2)}");
                }
            }
            return problems.Count == 0 ? null : string.Join("; ", problems);
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }

    public static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in Companions.Prepend(""))
        {
            try { File.Delete(path + suffix); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Forces a written file to disk, so a rename that follows never publishes a file whose bytes are still in the page cache.</summary>
    public static void Flush(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Flush(flushToDisk: true);
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F2} GiB"),
        >= 1L << 20 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F1} MiB"),
        >= 1L << 10 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):F0} KiB"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
