namespace WebApp.Observability;

/// <summary>Free space on the disk that holds a folder; tests replace it rather than fill a disk.</summary>
public interface IDiskSpace
{
    long FreeBytes(string directory);
}
