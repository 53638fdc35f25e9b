using WebApp.Observability;

namespace WebApp.Tests.Observability;

/// <summary>A disk with as much free space as the test says, so a full disk needs no filling.</summary>
public sealed class FakeDiskSpace : IDiskSpace
{
    public long FreeMegabytes { get; set; } = 100_000;

    public string? AskedAbout { get; private set; }

    public long FreeBytes(string directory)
    {
        AskedAbout = directory;
        return FreeMegabytes * 1024 * 1024;
    }
}
