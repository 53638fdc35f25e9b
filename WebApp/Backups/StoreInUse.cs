namespace WebApp.Backups;

/// <summary>
/// Says "a store is running on this database" through a lock file beside it (<c>store.db.in-use</c>). The web app holds a
/// shared lock for its whole life (several instances may share); <c>restore</c> and a start with pending migrations
/// need it exclusively. The lock is the kernel's (flock, taken by .NET for <see cref="FileShare"/>), so it vanishes with
/// the process, even after SIGKILL: no stale lock file ever blocks anybody. Only the empty file is left behind.
/// SQLite's own locks cannot tell: an idle store holds none of them.
/// </summary>
public sealed class StoreInUse : IDisposable
{
    private readonly FileStream _lock;

    private StoreInUse(FileStream held, string path)
    {
        _lock = held;
        LockPath = path;
    }

    public string LockPath { get; }

    public static string LockPathFor(string databasePath) => databasePath + ".in-use";

    /// <summary>For a running store: shared, null when a restore (or an upgrade) holds it exclusively.</summary>
    public static StoreInUse? TryShared(string databasePath) => TryTake(databasePath, FileShare.ReadWrite);

    /// <summary>For restore and migrations: null while any store runs on the database.</summary>
    public static StoreInUse? TryExclusive(string databasePath) => TryTake(databasePath, FileShare.None);

    private static StoreInUse? TryTake(string databasePath, FileShare share)
    {
        var path = LockPathFor(databasePath);
        try
        {
            // Read access: .NET takes flock LOCK_SH for a shared read open and LOCK_EX for FileShare.None.
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = share == FileShare.None ? FileAccess.ReadWrite : FileAccess.Read,
                Share = share,
            };
            if (!OperatingSystem.IsWindows() && share == FileShare.None) options.UnixCreateMode = DatabaseFile.Private;
            var stream = new FileStream(path, options);
            return new StoreInUse(stream, path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
