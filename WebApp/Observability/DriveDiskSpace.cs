namespace WebApp.Observability;

/// <summary>Free space as the OS reports it to this process (statvfs on Linux: blocks available to non-root users).</summary>
public sealed class DriveDiskSpace : IDiskSpace
{
    public long FreeBytes(string directory) => new DriveInfo(directory).AvailableFreeSpace;
}
